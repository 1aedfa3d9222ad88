// What `@sessionguard/core/adapter` exports besides the platform-bound createTenantResolver: the
// pieces a framework adapter assembles. Apps use the root export (SPEC §2) or an adapter.

export {
  type AuthenticateAndAttach,
  createAuthenticateAndAttach,
  isRefusal,
} from './adapter/authenticate-and-attach.js';
export {
  createGuardFactories,
  type GuardFactories,
  type GuardUsage,
} from './adapter/guard-factories.js';
export { ambiguousPathOutcome } from './adapter/path-refusal.js';
export { replaceDebugHeaders, runGuard, type StateReplaced } from './adapter/run-guard.js';
export { answersItself, type RedirectingState, redirectOutcome } from './adapter/state-answer.js';
export { authenticateEagerly } from './authenticator.js';
export {
  type AcceptingVerifier,
  type Attached,
  type Attachments,
  createAttachments,
  createPropertyStore,
  type PropertyStore,
  type StateStore,
} from './http/attachments.js';
export { authForAccepted } from './http/auth-for-accepted.js';
export {
  type GuardCheck,
  type Refusal,
  requireAuthCheck,
  requireReverificationCheck,
} from './http/guard-checks.js';
export type { GuardDecision } from './http/guards.js';
export type { HttpOutcome } from './http/http-outcome.js';
export { sessionAuthOf } from './http/session-view.js';
export type { TenantResolver } from './tenant.js';
export { isPromise, type MaybePromise } from './types/maybe-promise.js';
export { remember } from './util/remember.js';
