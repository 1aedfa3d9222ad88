import type { HeaderRecord } from '../token/request-like.js';
import { WebhookVerificationError, WebhookVerificationErrorReason } from './errors.js';

/** The three headers of a delivery, under Svix's names (Clerk) or the Standard Webhooks names. */
export interface DeliveryHeaders {
  id: string;
  timestamp: string;
  signature: string;
}

const FIELDS = ['id', 'timestamp', 'signature'] as const;
const FAMILIES = ['svix', 'webhook'] as const;

/** Printable ASCII without spaces: the shape of Svix's `msg_…` ids, and safe to reason about. */
const MESSAGE_ID = /^[\x21-\x7e]{1,256}$/;

function isHeaders(headers: Headers | HeaderRecord): headers is Headers {
  return typeof (headers as Headers).get === 'function';
}

function refused(message: string): WebhookVerificationError {
  return new WebhookVerificationError(WebhookVerificationErrorReason.HeadersMissing, message);
}

/** Every value sent under one name, whatever case a plain record used for it. */
function valuesOf(headers: Headers | HeaderRecord, name: string): string[] {
  if (isHeaders(headers)) {
    const value = headers.get(name);
    return value === null ? [] : [value];
  }
  const values: string[] = [];
  for (const key of Object.keys(headers)) {
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const value = headers[key];
    if (typeof value === 'string') values.push(value);
    else if (Array.isArray(value)) values.push(...value);
  }
  return values;
}

/**
 * Reads the headers of either family. Where a field comes under more than one name or more than
 * once, every copy must be the same: two different readings of one delivery are refused.
 */
export function readDeliveryHeaders(headers: Headers | HeaderRecord): DeliveryHeaders {
  const found: Partial<Record<(typeof FIELDS)[number], string>> = {};
  for (const field of FIELDS) {
    const values = FAMILIES.flatMap((family) => valuesOf(headers, `${family}-${field}`));
    const first = values[0];
    if (first === undefined || first.trim() === '') {
      throw refused(`The webhook is missing its svix-${field} (or webhook-${field}) header.`);
    }
    if (values.some((value) => value !== first)) {
      throw refused(`The webhook's ${field} header is sent more than once with different values.`);
    }
    found[field] = first.trim();
  }
  const { id, timestamp, signature } = found as DeliveryHeaders;
  if (!MESSAGE_ID.test(id)) throw refused('The webhook id header is not a message id.');
  return { id, timestamp, signature };
}

/** The declared body size, when sent once (a repeated one is left to the stream's own limit). */
export function readContentLength(headers: Headers | HeaderRecord): string | undefined {
  const values = valuesOf(headers, 'content-length');
  return values.length === 1 ? values[0] : undefined;
}
