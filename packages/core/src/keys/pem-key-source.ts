import type { CryptoPlatform } from '../crypto/platform.js';
import { ConfigurationError } from '../errors.js';
import type { KeySource, VerificationKey } from './key-source.js';
import { parsePublicKeyPem } from './spki.js';

/** `jwtKey`: one PEM key, no network. Any `kid` is accepted, as Clerk does for networkless verification. */
export function createPemKeySource(pem: string, platform: CryptoPlatform): KeySource {
  const { der, info } = parsePublicKeyPem(pem);
  let check: VerificationKey['check'];
  try {
    check = platform.createSignatureCheck({ format: 'spki', der }, info);
  } catch {
    throw new ConfigurationError(
      'invalid-jwt-key',
      'The PEM public key (jwtKey / CLERK_JWT_KEY) could not be imported.',
    );
  }
  const key: VerificationKey = { kid: undefined, info, check };
  return { generation: 0, isFresh: () => true, getKey: () => key };
}
