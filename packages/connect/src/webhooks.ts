// `@sessionguard/connect/webhooks`, as Clerk's `@clerk/express/webhooks`: verifyWebhook(req, options?)
// for this framework's request, with the event types, the error class and its reasons.
export * from '@sessionguard/core/webhooks';
export { verifyWebhook } from './webhook.js';
