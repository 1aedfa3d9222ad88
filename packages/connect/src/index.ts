import './augment.js';

export type * from '@sessionguard/core';
export {
  AmbiguousPathError,
  BackendApiError,
  ClerkAPIResponseError,
  ConfigurationError,
  clerkClient,
  createAuthenticator,
  createClerkClient,
  createRouteMatcher,
  FactoryNotCalledError,
  NotServedError,
  reverificationPresets,
  SessionguardError,
  TokenVerificationError,
  TokenVerificationErrorReason,
} from '@sessionguard/core';
// writeOutcome is public here, so is the outcome it writes.
export type { HttpOutcome } from '@sessionguard/core/adapter';
export { asRequestLike, getAuth } from './attach.js';
export { installAuthAccessor } from './auth-accessor.js';
export {
  type GuardHook,
  type RequireAuthOptions,
  type RequireReverificationOptions,
  requireAuth,
  requireReverification,
} from './guards.js';
export { clerkMiddleware } from './middleware.js';
export type { RequestAuth, RequestAuthFunction } from './request-auth.js';
export { type Middleware, type Next, writeOutcome } from './response.js';
export {
  isWebhookEventType,
  verifyWebhook,
  WebhookVerificationError,
  WebhookVerificationErrorReason,
} from './webhook.js';
