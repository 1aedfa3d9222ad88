// Public names that do not depend on the crypto platform.

export {
  type AuthenticateAndAttach,
  createAuthenticateAndAttach,
  isRefusal,
} from './adapter/authenticate-and-attach.js';
export { ambiguousPathOutcome } from './adapter/path-refusal.js';
export type { AuthObject, SignedInAuth, SignedOutAuth } from './auth/auth-object.js';
export type { HasCheck } from './auth/has.js';
export {
  isReverified,
  type ReverificationConfig,
  type ReverificationLevel,
  type ReverificationPreset,
  reverificationPresets,
} from './auth/reverification.js';
export { type Authenticator, authenticateEagerly } from './authenticator.js';
export type { EmailAddress, Organization, PhoneNumber, User } from './backend-api/types.js';
export type { PathAmbiguity } from './errors.js';
export {
  AmbiguousPathError,
  BackendApiError,
  type BackendApiErrorDetail,
  ConfigurationError,
  type ConfigurationErrorCode,
  isInfrastructureReason,
  SessionguardError,
  TokenVerificationError,
  TokenVerificationErrorReason,
} from './errors.js';
export { type Attached, type Attachments, createAttachments } from './http/attachments.js';
export { FactoryNotCalledError } from './http/factory-not-called.js';
export {
  type GuardCheck,
  type Refusal,
  type RequireAuthOptions,
  type RequireReverificationOptions,
  requireAuthCheck,
  requireReverificationCheck,
} from './http/guard-checks.js';
export {
  type AuthGuardOptions,
  createAuthGuard,
  createReverificationGuard,
  type GuardDecision,
  type ReverificationGuardOptions,
  reverificationOutcome,
  signedOutDecision,
} from './http/guards.js';
export type { HttpOutcome } from './http/http-outcome.js';
export { SUPPORTED_ALGORITHMS, type SupportedAlgorithm } from './keys/supported-algorithms.js';
export type { AuthOptions, TokenCacheOptions } from './options.js';
export type { RequestState } from './request-state.js';
export {
  createRouteMatcher,
  type PathOrRequest,
  type RouteMatcher,
  type RouteMatcherOptions,
  type RoutePattern,
} from './routes/route-matcher.js';
export {
  type AuthenticatorInput,
  isAuthenticator,
  type Tenant,
  type TenantFunction,
  type TenantResolver,
} from './tenant.js';
export type { HeaderRecord, RequestLike } from './token/request-like.js';
export type { AcceptsToken, MachineTokenType, TokenType } from './token/token-type.js';
export type { CacheStore } from './types/cache-store.js';
export type { IssuerOption } from './types/issuer-option.js';
export type { Logger } from './types/logger.js';
export type { OrganizationClaimV2, SessionClaims } from './types/session-claims.js';
export * from './webhooks/index.js';
