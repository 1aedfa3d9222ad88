import type { HeaderRecord } from '../token/request-like.js';
import { readContentLength, readDeliveryHeaders } from './delivery-headers.js';
import { WebhookVerificationError, WebhookVerificationErrorReason } from './errors.js';
import type { WebhookEvent } from './event-types.js';
import { checkDeclaredLength, readBodyText, type WebhookBody } from './raw-body.js';
import { type WebhookOptions, webhookVerifier } from './webhook-options.js';

/** A WHATWG Request, or the headers and the raw body as received. */
export type WebhookRequest =
  | Request
  | { headers: Headers | HeaderRecord; body: WebhookBody | null | undefined };

const TIMESTAMP = /^\d{1,12}$/;

function isRequest(request: WebhookRequest): request is Request {
  return typeof (request as Request).arrayBuffer === 'function' && 'bodyUsed' in request;
}

function bodyInvalid(message: string): WebhookVerificationError {
  return new WebhookVerificationError(WebhookVerificationErrorReason.BodyInvalid, message);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A signed body is trusted to be Clerk's, but must still be an event: an object with `type` and `data`. */
function parseEvent(text: string): WebhookEvent {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw bodyInvalid('The webhook body is not JSON.');
  }
  if (!isObject(parsed) || typeof parsed.type !== 'string' || parsed.type === '' || !isObject(parsed.data)) {
    throw bodyInvalid(
      'The webhook body is not an event: a JSON object with a string "type" and an object "data".',
    );
  }
  return parsed as unknown as WebhookEvent;
}

/**
 * Verifies a Clerk (Svix / Standard Webhooks) delivery from its raw bytes (SPEC §10) and returns the
 * event. Throws `WebhookVerificationError` (400; 413 for the size; 503 with `retryAfterSeconds` when the
 * replay store cannot answer) with a stable `reason`.
 */
export async function verifyWebhook(
  request: WebhookRequest,
  options?: WebhookOptions,
): Promise<WebhookEvent> {
  const verifier = webhookVerifier(options);
  const headers = readDeliveryHeaders(request.headers);
  if (!TIMESTAMP.test(headers.timestamp)) {
    throw new WebhookVerificationError(
      WebhookVerificationErrorReason.TimestampInvalid,
      'The webhook timestamp header is not a number of seconds.',
    );
  }
  const timestamp = Number(headers.timestamp);
  const now = verifier.now();
  if (Math.abs(now / 1000 - timestamp) > verifier.toleranceInSeconds) {
    throw new WebhookVerificationError(
      WebhookVerificationErrorReason.TimestampOutOfTolerance,
      `The webhook timestamp is more than ${verifier.toleranceInSeconds} seconds from now.`,
    );
  }

  checkDeclaredLength(readContentLength(request.headers));
  if (isRequest(request) && request.bodyUsed) throw bodyInvalid('The webhook body was already read.');
  const text = await readBodyText(request.body);

  verifier.signature.check(headers, timestamp, text);
  const event = parseEvent(text);
  // The id stays claimed while its timestamp could still pass the tolerance check.
  await verifier.replay?.claim(headers.id, (timestamp + verifier.toleranceInSeconds) * 1000 + 1000, now);
  return event;
}
