import {
  verifyWebhook as verifyWebhookRequest,
  type WebhookBody,
  type WebhookEvent,
  type WebhookOptions,
  WebhookVerificationError,
  WebhookVerificationErrorReason,
} from '@sessionguard/core';
import type { FastifyRequest } from 'fastify';

export {
  isWebhookEventType,
  WebhookVerificationError,
  WebhookVerificationErrorReason,
} from '@sessionguard/core';

const PARSED_BODY = `The webhook body was parsed before verifyWebhook(request): its raw bytes are gone, and re-serializing them breaks the signature. In the plugin of the webhook route, register: app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => done(null, body)).`;

/** The raw body the Fastify way: the Buffer/string a raw content-type parser left, else the unread stream. */
function rawBody(request: FastifyRequest): WebhookBody {
  const { body, raw } = request;
  if (typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body === undefined && !raw.readableDidRead && !raw.readableEnded) return raw;
  throw new WebhookVerificationError(WebhookVerificationErrorReason.BodyInvalid, PARSED_BODY);
}

/** Verifies a Clerk webhook delivered to this route (SPEC §10). */
export async function verifyWebhook(
  request: FastifyRequest,
  options?: WebhookOptions,
): Promise<WebhookEvent> {
  return verifyWebhookRequest({ headers: request.headers, body: rawBody(request) }, options);
}
