import { TokenVerificationErrorReason as Reason } from '../errors.js';
import type { Attachments } from '../http/attachments.js';
import type { GuardCheck, Refusal } from '../http/guard-checks.js';
import type { HttpOutcome } from '../http/http-outcome.js';
import { type RequestState, signedOutState } from '../request-state.js';
import type { RequestLike } from '../token/request-like.js';
import { isPromise, type MaybePromise } from '../types/maybe-promise.js';
import { answersItself } from './state-answer.js';

/**
 * Called when a guard's verification replaced the attached state of `key`, so the adapter can update
 * what it exposed from the old one: the session view (`req.auth`) and the debug headers of the
 * response, which `response` (the framework's) carries. Built once per adapter, not per request.
 * `late` is true when the verification settled after the guard returned (a Backend API call): only
 * then can another middleware (a response timeout) have answered meanwhile.
 */
export type StateReplaced<K, R> = (
  key: K,
  response: R,
  previous: RequestState,
  next: RequestState,
  late: boolean,
) => void;

/**
 * Runs a compiled guard on a request the middleware attached (SPEC §6, §9.2). A token of a type the
 * guard accepts and the middleware did not verify is verified here, once per request; its state
 * replaces the attached one and the guard decides again. Answers at once when no verification is
 * needed, or when the verification's answer is at hand (no promise); throws when the middleware has
 * not run for this request, or when the verification throws (its eager form).
 */
export function runGuard<K extends object, R, H>(
  check: GuardCheck<H>,
  attachments: Attachments<K>,
  key: K,
  response: R,
  request: RequestLike,
  replaced: StateReplaced<K, R>,
): MaybePromise<Refusal<H> | undefined> {
  const attached = attachments.attachedTo(key);
  // The guard's types can be verified on this request from now on: getAuth may ask for them (§9.2).
  if (check.verifies !== undefined) attached.guarded = (attached.guarded ?? 0) | check.verifies;
  const { state, signInUrl, verifier, source, accepts, guarded } = attached;
  const refusal = check(state, request, signInUrl);
  if (refusal?.verifyWith === undefined) return refusal;
  // A second verification of one request is refused: the 401 the check gave stands (fail closed),
  // in a copy of the guard's shared outcome.
  if (verifier === undefined) return { ...refusal, outcome: copyOutcome(refusal.outcome) };
  const decideAgain = (verified: RequestState, late: boolean): Refusal<H> | undefined => {
    const next = withoutRedirect(verified);
    attachments.attach(key, { state: next, signInUrl, verifier: undefined, source, accepts, guarded });
    replaced(key, response, state, next, late);
    return check(next, request, signInUrl);
  };
  // A kept verdict (an API key in use) is at hand: the guard decides at once, with no promise.
  const opts = { acceptsToken: refusal.verifyWith };
  const next =
    verifier.authenticateRequestEagerly?.(request, opts) ?? verifier.authenticateRequest(request, opts);
  return isPromise(next) ? next.then((verified) => decideAgain(verified, true)) : decideAgain(next, false);
}

/**
 * A guard never answers a 307 (SPEC §12.4: the middleware answered any handshake before the guard
 * ran): a state of the guard's own verification that has a location reads as signed out with its
 * reason. Its cookies are not sent either: the middleware's pass already sent what the browser needed.
 */
function withoutRedirect(state: RequestState): RequestState {
  if (!answersItself(state)) return state;
  return signedOutState(
    state.reason ?? Reason.SessionTokenMissing,
    'A handshake is answered by the middleware, never inside a guard.',
    state.tokenType,
  );
}

function copyOutcome(outcome: HttpOutcome): HttpOutcome {
  return { ...outcome, headers: { ...outcome.headers } };
}

/** The debug headers to drop and to set when `previous` gives way to `next` (StateReplaced). */
export function replaceDebugHeaders(
  previous: RequestState,
  next: RequestState,
  remove: (name: string) => void,
  set: (name: string, value: string) => void,
): void {
  for (const name in previous.headers) if (!(name in next.headers)) remove(name);
  for (const name in next.headers) set(name, next.headers[name]!);
}
