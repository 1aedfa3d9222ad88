// The machine path (SPEC §9.3): opaque tokens (ak_, mt_, oat_) through the Backend API and its
// verdict cache, machine JWTs locally. Built once per authenticator; knows nothing of cookies.

import type { CryptoPlatform } from '../crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { KeySource } from '../keys/key-source.js';
import { machineJwtAuth } from '../machine/jwt-auth.js';
import type { MachineAuthObject } from '../machine/machine-auth.js';
import { createOpaqueVerifier, type OpaqueVerifierSettings } from '../machine/opaque-verifier.js';
import type { RequestState } from '../request-state.js';
import { classifyToken } from '../token/classify-token.js';
import { type MachineTokenType, opaqueTokenType } from '../token/token-type.js';
import type { CacheStore } from '../types/cache-store.js';
import { isPromise, type MaybePromise } from '../types/maybe-promise.js';
import { remember } from '../util/remember.js';
import { TokenVerifier, type Verification, type VerifierSettings } from '../verify/token-verifier.js';
import { asVerificationError, type FailureOf } from './failures.js';
import { machineFailedState, type SignedInStates } from './states.js';

export interface MachinePath {
  /**
   * The state of a request whose header token is of an accepted machine type. A verdict or
   * verification at hand is answered now; never throws, never rejects.
   */
  authenticateMachine(token: string, type: MachineTokenType): MaybePromise<RequestState>;
  /** An API key, M2M token or OAuth access token (SPEC §9.3); rejects with TokenVerificationError. */
  verifyMachineToken(token: string): Promise<MachineAuthObject>;
}

export type MachinePathSettings = OpaqueVerifierSettings & VerifierSettings;

export function createMachinePath(
  options: MachinePathSettings,
  keySource: KeySource,
  platform: CryptoPlatform,
  /** The authenticator's cache store, and whether it is the default in-memory one. */
  store: CacheStore,
  storeIsInProcess: boolean,
  states: SignedInStates,
  failureOf: FailureOf,
): MachinePath {
  const jwtVerifier = new TokenVerifier(options, keySource, platform, 'machine-jwt');
  const opaqueVerifier = createOpaqueVerifier(options, store, platform.sha256Hex, storeIsInProcess);
  // Kept JWT verifications (from a token's first repeat on) keep their machine auth object too.
  const jwtAuths = new WeakMap<Verification, MachineAuthObject>();

  function jwtAuthOf(type: 'm2m_token' | 'oauth_token', entry: Verification): MachineAuthObject {
    if (!entry.kept) return machineJwtAuth(type, entry.token, entry.claims);
    return jwtAuths.get(entry) ?? remember(jwtAuths, entry, machineJwtAuth(type, entry.token, entry.claims));
  }

  /** Throws or rejects with the reason. */
  function verifyMachine(token: string, type: MachineTokenType): MaybePromise<MachineAuthObject> {
    if (opaqueTokenType(token) !== undefined) return opaqueVerifier.verify(token, type);
    if (type === 'api_key')
      throw new TokenVerificationError(Reason.TokenInvalid, 'An API key is never a JWT.');
    const result = jwtVerifier.verifyEntry(token);
    if (isPromise(result)) return result.then((entry) => jwtAuthOf(type, entry));
    return jwtAuthOf(type, result);
  }

  return {
    authenticateMachine(token, type) {
      let verified: MaybePromise<MachineAuthObject>;
      try {
        verified = verifyMachine(token, type);
      } catch (error) {
        return machineFailedState(failureOf(error), type);
      }
      if (!isPromise(verified)) return states.machine(verified, token);
      return verified.then(
        (auth) => states.machine(auth, token),
        (error: unknown) => machineFailedState(failureOf(error), type),
      );
    },
    verifyMachineToken(token) {
      const type = classifyToken(token, platform);
      if (type === undefined || type === 'session_token') {
        const message =
          type === undefined
            ? 'The token is neither a JWT nor a machine token (ak_, mt_, oat_).'
            : 'The token is a session token, not a machine token: use verifyToken.';
        const reason = type === undefined ? Reason.TokenInvalid : Reason.TokenTypeMismatch;
        return Promise.reject(new TokenVerificationError(reason, message));
      }
      try {
        const verified = verifyMachine(token, type);
        return isPromise(verified) ? verified.catch(asVerificationError) : Promise.resolve(verified);
      } catch (error) {
        return asVerificationError(error);
      }
    },
  };
}
