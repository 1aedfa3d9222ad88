import type { IncomingMessage } from 'node:http';
import {
  verifyWebhook as verifyWebhookRequest,
  type WebhookBody,
  type WebhookEvent,
  type WebhookOptions,
  WebhookVerificationError,
  WebhookVerificationErrorReason,
} from '@sessionguard/core';

export {
  isWebhookEventType,
  WebhookVerificationError,
  WebhookVerificationErrorReason,
} from '@sessionguard/core';

const PARSED_BODY = `The webhook body was parsed before verifyWebhook(req): its raw bytes are gone, and re-serializing them breaks the signature. Give the webhook route the raw body, before any JSON parser: app.post('/webhooks', express.raw({ type: 'application/json' }), handler).`;

/** The raw body the Express/Connect way: left by express.raw()/express.text(), else the unread stream. */
function rawBody(req: IncomingMessage & { body?: unknown }): WebhookBody {
  const { body } = req;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  // No parser read the stream (none ran, or its type did not match and it left `{}`): read it here.
  if (!req.readableDidRead && !req.readableEnded) return req;
  throw new WebhookVerificationError(WebhookVerificationErrorReason.BodyInvalid, PARSED_BODY);
}

/** Verifies a Clerk webhook delivered to this route (SPEC §10). */
export async function verifyWebhook(
  req: IncomingMessage & { body?: unknown },
  options?: WebhookOptions,
): Promise<WebhookEvent> {
  return verifyWebhookRequest({ headers: req.headers, body: rawBody(req) }, options);
}
