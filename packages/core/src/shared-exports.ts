// Public names (the user API of SPEC §2) that do not depend on the crypto platform. What only
// adapters call is in adapter-exports.ts (`@sessionguard/core/adapter`).

import { type ClerkClient, clerkClientOf } from './backend-api/clerk-client.js';
import { type AuthOptions, resolveOptions } from './options.js';

export type { AuthObject, SignedInAuth, SignedOutAuth } from './auth/auth-object.js';
export type { HasCheck } from './auth/has.js';
export {
  isReverified,
  type ReverificationConfig,
  type ReverificationLevel,
  type ReverificationPreset,
  reverificationPresets,
} from './auth/reverification.js';
export type { AnyAuthenticator, Authenticator } from './authenticator.js';
export { type ClerkClient, NotServedError } from './backend-api/clerk-client.js';
export type { GetOrganizationParams } from './backend-api/organization-params.js';
export type {
  EmailAddress,
  EnterpriseAccount,
  EnterpriseAccountConnection,
  ExternalAccount,
  IdentificationLink,
  Organization,
  PhoneNumber,
  User,
  Verification,
  Web3Wallet,
} from './backend-api/types.js';
export type { PathAmbiguity } from './errors.js';
export {
  AmbiguousPathError,
  BackendApiError,
  BackendApiError as ClerkAPIResponseError,
  type BackendApiErrorDetail,
  ConfigurationError,
  type ConfigurationErrorCode,
  isInfrastructureReason,
  SessionguardError,
  TokenVerificationError,
  TokenVerificationErrorReason,
} from './errors.js';
export type { GetAuth } from './http/attachments.js';
export type { AuthForAccepted } from './http/auth-for-accepted.js';
export { FactoryNotCalledError } from './http/factory-not-called.js';
export type { RequireAuthOptions, RequireReverificationOptions } from './http/guard-checks.js';
export type { AuthGuardOptions, ReverificationGuardOptions } from './http/guards.js';
export { SUPPORTED_ALGORITHMS, type SupportedAlgorithm } from './keys/supported-algorithms.js';
export type {
  ApiKeyAuth,
  InvalidTokenAuth,
  M2MTokenAuth,
  MachineAuthObject,
  MachineHasCheck,
  OAuthTokenAuth,
  UnauthenticatedMachineAuth,
} from './machine/machine-auth.js';
export type { AuthOptions, TokenCacheOptions } from './options.js';
export type { RequestState } from './request-state.js';
export {
  createRouteMatcher,
  type PathOrRequest,
  type RouteMatcher,
  type RouteMatcherOptions,
  type RoutePattern,
} from './routes/route-matcher.js';
export type { AuthenticatorInput, Tenant, TenantFunction } from './tenant.js';
export type { HeaderRecord, RequestLike } from './token/request-like.js';
export type { AcceptsToken, MachineTokenType, TokenType } from './token/token-type.js';
export type { CacheStore } from './types/cache-store.js';
export type { IssuerOption } from './types/issuer-option.js';
export type { Logger } from './types/logger.js';
export type { MaybePromise } from './types/maybe-promise.js';
export type { OrganizationClaimV2, SessionClaims } from './types/session-claims.js';
export type { BackendApiErrorMeta } from './util/clerk-error-meta.js';
export * from './webhooks/index.js';

/**
 * Clerk's factory name: the lookups of a clerkClient from these options (and the env, as the
 * middleware reads them), checked now; the secret key is needed at the first lookup only.
 */
export function createClerkClient(options?: AuthOptions): ClerkClient {
  const resolved = resolveOptions(options);
  return clerkClientOf(() => resolved);
}

/** Clerk's `clerkClient`: from the env, read at its first call, so importing it costs nothing. */
export const clerkClient: ClerkClient = clerkClientOf(() => resolveOptions());
