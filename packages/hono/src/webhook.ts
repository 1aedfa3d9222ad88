import {
  verifyWebhook as verifyWebhookRequest,
  type WebhookEvent,
  type WebhookOptions,
  WebhookVerificationError,
} from '@sessionguard/core';
import type { Context } from 'hono';

export { WebhookVerificationError };

/**
 * Verifies a Clerk webhook delivered to this route (SPEC §10). It reads a copy of the request, so
 * the handler can still read the body (`c.req.json()`) afterwards.
 */
export async function verifyWebhook(c: Context, options?: WebhookOptions): Promise<WebhookEvent> {
  const request = c.req.raw;
  return verifyWebhookRequest(request.bodyUsed ? request : request.clone(), options);
}
