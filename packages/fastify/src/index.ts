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
export { getAuth } from './attach.js';
export {
  type GuardHook,
  type RequireAuthOptions,
  type RequireReverificationOptions,
  requireAuth,
  requireReverification,
} from './guards.js';
export {
  type ClerkPluginOptions,
  clerkPlugin,
  clerkPlugin as clerkMiddleware,
  PluginNotRegisteredError,
} from './plugin.js';
export {
  isWebhookEventType,
  verifyWebhook,
  WebhookVerificationError,
  WebhookVerificationErrorReason,
} from './webhook.js';
