import { generateKeyPair as generateNodeKeyPair, KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { isRsaAlgorithm, type SigningAlgorithm } from './algorithms.js';
import { randomId } from './random.js';

/** A key pair the issuer can sign with, plus the JWK and PEM it publishes for it. */
export interface SigningKey {
  kid: string;
  alg: SigningAlgorithm;
  /** The private key for jose; null for an RSA key under 2048 bits, which jose refuses to use. */
  joseKey: CryptoKey | null;
  /** The same private key for node:crypto, which signs the exact bytes of tokens jose will not sign. */
  privateKey: KeyObject;
  publicJwk: Record<string, unknown>;
  /** SPKI PEM, exported once here because the issuer's `publicKeyPem` is a synchronous getter. */
  publicKeyPem: string;
}

export interface SigningKeyOptions {
  alg: SigningAlgorithm;
  /** RSA only; ignored for EC and Ed25519. */
  modulusLength?: number;
  /** JWK `use`; 'sig' unless a test wants a key a verifier must ignore (e.g. 'enc'). */
  use?: string;
  kid?: string;
}

/** jose neither makes nor signs with smaller RSA keys. */
const JOSE_MIN_RSA_BITS = 2048;

const generateNodeKeyPairAsync = promisify(generateNodeKeyPair);

interface KeyPair {
  joseKey: CryptoKey | null;
  privateKey: KeyObject;
  publicKey: CryptoKey | KeyObject;
}

/**
 * jose makes every key it will sign with. A weaker RSA key comes from node:crypto: tests need one to
 * check that verifiers refuse it, and only the exact signer (see exact-jws.ts) signs with it.
 */
async function generateKeyPairFor(alg: SigningAlgorithm, modulusLength: number): Promise<KeyPair> {
  if (isRsaAlgorithm(alg) && modulusLength < JOSE_MIN_RSA_BITS) {
    const pair = await generateNodeKeyPairAsync('rsa', { modulusLength, publicExponent: 0x10001 });
    return { joseKey: null, privateKey: pair.privateKey, publicKey: pair.publicKey };
  }
  const pair = await generateKeyPair(alg, { modulusLength });
  return { joseKey: pair.privateKey, privateKey: KeyObject.from(pair.privateKey), publicKey: pair.publicKey };
}

export async function generateSigningKey(options: SigningKeyOptions): Promise<SigningKey> {
  const { joseKey, privateKey, publicKey } = await generateKeyPairFor(
    options.alg,
    options.modulusLength ?? JOSE_MIN_RSA_BITS,
  );
  const kid = options.kid ?? randomId('ins');
  const exported: Record<string, unknown> = { ...(await exportJWK(publicKey)) };
  const publicJwk = { ...exported, kid, alg: options.alg, use: options.use ?? 'sig' };
  return { kid, alg: options.alg, joseKey, privateKey, publicJwk, publicKeyPem: await exportSPKI(publicKey) };
}
