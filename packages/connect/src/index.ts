import './augment.js';

export type * from '@sessionguard/core';
export {
  AmbiguousPathError,
  BackendApiError,
  ConfigurationError,
  createAuthenticator,
  createRouteMatcher,
  FactoryNotCalledError,
  reverificationPresets,
  SessionguardError,
  TokenVerificationError,
  TokenVerificationErrorReason,
} from '@sessionguard/core';
// writeOutcome is public here, so is the outcome it writes.
export type { HttpOutcome } from '@sessionguard/core/adapter';
export { asRequestLike, getAuth } from './attach.js';
export {
  type GuardHook,
  type RequireAuthOptions,
  type RequireReverificationOptions,
  requireAuth,
  requireReverification,
  writeOutcome,
} from './guards.js';
export { clerkMiddleware, type Middleware, type Next } from './middleware.js';
export {
  isWebhookEventType,
  verifyWebhook,
  WebhookVerificationError,
  WebhookVerificationErrorReason,
} from './webhook.js';
