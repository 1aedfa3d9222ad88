import {
  verifyWebhook as verifyWebhookRequest,
  type WebhookEvent,
  type WebhookOptions,
} from '@sessionguard/core';
import type { Context } from 'hono';

export {
  isWebhookEventType,
  WebhookVerificationError,
  WebhookVerificationErrorReason,
} from '@sessionguard/core';

/**
 * Verifies a Clerk webhook delivered to this route (SPEC §10). It reads a copy of the request, so
 * the handler can still read the body (`c.req.json()`) afterwards.
 */
export async function verifyWebhook(c: Context, options?: WebhookOptions): Promise<WebhookEvent> {
  const request = c.req.raw;
  return verifyWebhookRequest(request.bodyUsed ? request : request.clone(), options);
}
