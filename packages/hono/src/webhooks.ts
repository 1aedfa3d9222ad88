// `@sessionguard/hono/webhooks`, as Clerk's `@clerk/hono/webhooks`: verifyWebhook(c, options?) for a
// Hono context, with the event types, the error class and its reasons.
export * from '@sessionguard/core/webhooks';
export { verifyWebhook } from './webhook.js';
