import type { CryptoPlatform } from '../crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import type { KeySource } from '../keys/key-source.js';
import type { RequestState } from '../request-state.js';
import type { Logger } from '../types/logger.js';
import type { MaybePromise } from '../types/maybe-promise.js';
import type { SessionClaims } from '../types/session-claims.js';

/** A verified session token, as the authenticator's verifier hands it out. */
export interface SessionVerification {
  readonly claims: SessionClaims;
  readonly token: string;
}

/**
 * The claims of a session token the authenticator's verifier has verified before, by the exact
 * token string, else undefined. Reads only: it records no use and decides nothing.
 */
export type KnownClaims = (token: string) => SessionClaims | undefined;

/**
 * What the browser layer asks of the authenticator: no options object, no framework. `V` is the
 * verifier's own result, handed back to `signedIn` so that the authenticator keeps building (and
 * caching) its signed-in states itself.
 */
export interface BrowserDeps<V extends SessionVerification = SessionVerification> {
  /**
   * SPEC §4.1 for a session token; throws (or rejects with) a TokenVerificationError. `clockSkewInMs`
   * replaces the configured skew (the 24 h retry of a development handshake, §12.5).
   */
  verifySession(token: string, options?: { clockSkewInMs?: number }): MaybePromise<V>;
  /** Saves decoding a repeat token before its verification (token-peek.ts); optional. */
  readonly knownClaims?: KnownClaims | undefined;
  /** The signed-in state of a verification (the authenticator's, with its lookups). */
  signedIn(verification: V): RequestState;
  /** The instance's keys, for the handshake JWT (§12.5). */
  readonly keys: KeySource;
  readonly platform: CryptoPlatform;
  readonly fetch: typeof globalThis.fetch;
  readonly now: () => number;
  readonly logger?: Logger | undefined;
  /** One line for an operator (a handshake loop, clock skew); default `console.warn`. */
  readonly warn?: ((line: string) => void) | undefined;
}

/** A failed verification as a TokenVerificationError; anything else fails closed. */
export function asVerificationError(error: unknown): TokenVerificationError {
  if (error instanceof TokenVerificationError) return error;
  return new TokenVerificationError(Reason.TokenVerificationFailed, 'The token could not be verified.');
}

/** The skew of the development handshake retry (Clerk: 24 h). */
export const DEVELOPMENT_RETRY_SKEW_IN_MS = 86_400_000;

/** Verification reasons that §12.3 step 8 turns into a handshake. */
export function isTimeFailure(reason: string): boolean {
  return (
    reason === Reason.TokenExpired ||
    reason === Reason.TokenNotActiveYet ||
    reason === Reason.TokenIatInTheFuture
  );
}
