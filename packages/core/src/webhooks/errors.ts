// The webhook error lives with the other error classes (one base, one list of codes).
export { WebhookVerificationError, WebhookVerificationErrorReason } from '../errors.js';
