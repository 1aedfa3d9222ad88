export { WebhookVerificationError, WebhookVerificationErrorReason } from './errors.js';
export * from './event-types.js';
export { MAX_WEBHOOK_BODY_BYTES, type WebhookBody } from './raw-body.js';
export { verifyWebhook, type WebhookRequest } from './verify-webhook.js';
export type { WebhookOptions } from './webhook-options.js';
