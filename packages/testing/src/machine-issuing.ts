import { signExactly } from './exact-jws.js';
import type { KeyRing } from './key-ring.js';
import type { ClerkM2MTokenJson, ClerkOAuthAccessTokenJson } from './machine-json.js';
import type { NewMachineToken } from './machine-mint.js';
import type { MachineTokenStore } from './machine-tokens.js';

/**
 * Signs a JWT machine token with the current key, or keeps the opaque one; stores it for verify.
 * Synchronous (SPEC §8 gives { id, token }, not a promise): node:crypto signs a JWT at once.
 */
export function storeMachineToken<J extends ClerkM2MTokenJson | ClerkOAuthAccessTokenJson>(
  keyRing: KeyRing,
  tokens: MachineTokenStore,
  kind: 'm2m_token' | 'oauth_token',
  made: NewMachineToken<J>,
): { id: string; token: string } {
  const key = keyRing.currentKey;
  const token =
    'opaque' in made
      ? made.opaque
      : signExactly(
          key,
          { alg: key.alg, kid: key.kid, ...made.unsigned.header },
          JSON.stringify(made.unsigned.payload),
        );
  tokens.add(kind, token, made.json);
  return { id: made.json.id, token };
}
