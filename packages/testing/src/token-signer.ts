import { SignJWT } from 'jose';
import { signExactly } from './exact-jws.js';
import type { SigningKey } from './keys.js';

/**
 * Whether jose will sign this header with this key: it signs only with the key's own algorithm, only
 * RSA keys of 2048 bits or more, and only `crit` extensions it implements (it would refuse ours).
 */
function joseSigns(
  key: SigningKey,
  header: Record<string, unknown>,
): key is SigningKey & { joseKey: CryptoKey } {
  return key.joseKey !== null && header.alg === key.alg && header.crit === undefined;
}

/**
 * Signs a token's header and claims. jose signs every token a conforming issuer could make, which is
 * nearly all of them; a header jose refuses to sign is a deliberately odd token, signed byte for byte.
 */
export function signToken(
  key: SigningKey,
  header: Record<string, unknown>,
  payload: Record<string, unknown>,
): Promise<string> {
  if (!joseSigns(key, header)) return Promise.resolve(signExactly(key, header, JSON.stringify(payload)));
  return new SignJWT(payload).setProtectedHeader({ ...header, alg: key.alg }).sign(key.joseKey);
}
