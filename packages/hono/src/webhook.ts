import {
  verifyWebhook as verifyWebhookRequest,
  type WebhookEvent,
  type WebhookOptions,
  WebhookVerificationError,
  WebhookVerificationErrorReason,
} from '@sessionguard/core';
import type { Context } from 'hono';

export {
  isWebhookEventType,
  WebhookVerificationError,
  WebhookVerificationErrorReason,
} from '@sessionguard/core';

const PARSED_BODY =
  'The webhook body was read as parsed JSON before verifyWebhook(c): its raw bytes are gone. Call verifyWebhook(c) before c.req.json() (the handler can read the body afterwards).';

/**
 * Verifies a Clerk webhook delivered to this route (SPEC §10). It reads a copy of the request, so
 * the handler can still read the body (`c.req.json()`) afterwards.
 */
export async function verifyWebhook(c: Context, options?: WebhookOptions): Promise<WebhookEvent> {
  const request = c.req.raw;
  if (!request.bodyUsed) return verifyWebhookRequest(request.clone(), options);
  // Read through c.req already: Hono keeps the text (or bytes) it read, exactly as sent.
  const { text, arrayBuffer } = c.req.bodyCache;
  const kept = text ?? arrayBuffer;
  if (kept === undefined) {
    throw new WebhookVerificationError(WebhookVerificationErrorReason.BodyInvalid, PARSED_BODY);
  }
  const body = await kept;
  return verifyWebhookRequest(
    { headers: request.headers, body: typeof body === 'string' ? body : new Uint8Array(body) },
    options,
  );
}
