import { generateKeyPair, type KeyObject } from 'node:crypto';
import { keyFamilyOf, type SigningAlgorithm } from './algorithms.js';
import { randomId } from './random.js';

/** A key pair the issuer can sign with, plus the JWK it publishes for it. */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  privateKey: KeyObject;
  publicKey: KeyObject;
  publicJwk: Record<string, unknown>;
}

export interface SigningKeyOptions {
  alg: SigningAlgorithm;
  /** RSA only; ignored for EC and Ed25519. */
  modulusLength?: number;
  /** JWK `use`; 'sig' unless a test wants a key a verifier must ignore (e.g. 'enc'). */
  use?: string;
  kid?: string;
}

interface KeyPair {
  publicKey: KeyObject;
  privateKey: KeyObject;
}

function settle(resolve: (pair: KeyPair) => void, reject: (error: Error) => void) {
  return (error: Error | null, publicKey: KeyObject, privateKey: KeyObject): void => {
    if (error) reject(error);
    else resolve({ publicKey, privateKey });
  };
}

// Async generation keeps a 4096-bit RSA key from blocking the event loop (and the server on it).
function generateKeyPairFor(alg: SigningAlgorithm, modulusLength: number): Promise<KeyPair> {
  const family = keyFamilyOf(alg);
  return new Promise((resolve, reject) => {
    if (family.kind === 'rsa') {
      generateKeyPair('rsa', { modulusLength, publicExponent: 0x10001 }, settle(resolve, reject));
    } else if (family.kind === 'ec') {
      generateKeyPair('ec', { namedCurve: family.namedCurve }, settle(resolve, reject));
    } else {
      generateKeyPair('ed25519', {}, settle(resolve, reject));
    }
  });
}

export async function generateSigningKey(options: SigningKeyOptions): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPairFor(options.alg, options.modulusLength ?? 2048);
  const kid = options.kid ?? randomId('ins');
  const exported = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
  const publicJwk = { ...exported, kid, alg: options.alg, use: options.use ?? 'sig' };
  return { kid, alg: options.alg, privateKey, publicKey, publicJwk };
}

export function toSpkiPem(key: KeyObject): string {
  return key.export({ format: 'pem', type: 'spki' }).toString();
}
