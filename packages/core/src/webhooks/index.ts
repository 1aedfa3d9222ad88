export { WebhookVerificationError, WebhookVerificationErrorReason } from './errors.js';
export * from './event-types.js';
export { MAX_WEBHOOK_BODY_BYTES, type WebhookBody } from './raw-body.js';
export { verifyWebhook, type WebhookRequest } from './verify-webhook.js';
// VerifyWebhookOptions: Clerk's name for the options (`@clerk/backend/webhooks`).
export type { WebhookOptions as VerifyWebhookOptions, WebhookOptions } from './webhook-options.js';
