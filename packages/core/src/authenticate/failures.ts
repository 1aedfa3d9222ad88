// How a failed verification becomes a reason and a message (never the token), and which failures
// are also worth a warning.

import {
  isInfrastructureReason,
  TokenVerificationErrorReason as Reason,
  TokenVerificationError,
} from '../errors.js';
import type { Logger } from '../types/logger.js';

export interface Failure {
  reason: string;
  message: string;
}

const UNVERIFIED: Failure = Object.freeze({
  reason: Reason.TokenVerificationFailed,
  message: 'The token could not be verified.',
});

/** Why a verification failed, as a reason and a message; never the token. */
export type FailureOf = (error: unknown) => Failure;

/**
 * One per authenticator. A failure that signs everyone out or answers 503 (a refused secret key, a
 * key set that never loaded, the Backend API out of reach) is also a warning, once per reason: at
 * the default log level an operator learns why every request fails (SPEC §2.1).
 */
export function createFailureOf(logger: Logger | undefined): FailureOf {
  const warned = new Set<string>();

  function warnOnce(failure: Failure): void {
    if (warned.has(failure.reason)) return;
    warned.add(failure.reason);
    const data = { reason: failure.reason, message: failure.message };
    const text = `${failure.reason}: requests that need this check fail until it is fixed (warned once)`;
    if (logger?.warn) logger.warn(text, data);
    else console.warn(`[sessionguard] ${text}`, data);
  }

  return (error) => {
    if (error instanceof TokenVerificationError) {
      logger?.debug('signed out', { reason: error.reason, message: error.message });
      if (isInfrastructureReason(error.reason)) warnOnce(error);
      return error;
    }
    // Anything else (a throwing issuer callback, say) must still fail closed, never crash.
    logger?.debug('verification error', { error: error instanceof Error ? error.name : typeof error });
    return UNVERIFIED;
  };
}

/** Any error as a TokenVerificationError rejection: a throwing callback never leaks its own error. */
export function asVerificationError(error: unknown): Promise<never> {
  if (error instanceof TokenVerificationError) return Promise.reject(error);
  return Promise.reject(
    new TokenVerificationError(Reason.TokenVerificationFailed, 'The token could not be verified.'),
  );
}
