// `@sessionguard/fastify/webhooks`, as Clerk's `@clerk/fastify/webhooks`: verifyWebhook(request, options?)
// for a Fastify request, with the event types, the error class and its reasons.
export * from '@sessionguard/core/webhooks';
export { verifyWebhook } from './webhook.js';
