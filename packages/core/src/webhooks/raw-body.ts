import { WebhookVerificationError, WebhookVerificationErrorReason } from './errors.js';

/** SPEC §10: a delivery body is at most 1 MiB. */
export const MAX_WEBHOOK_BODY_BYTES = 1024 * 1024;

/**
 * The raw body as received: text, bytes (a Node `Buffer` is one), a WHATWG stream, or an async
 * iterable of chunks (Node's `IncomingMessage`). Streams are read only up to the size limit.
 */
export type WebhookBody =
  | string
  | Uint8Array
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const encoder = new TextEncoder();

function tooLarge(): WebhookVerificationError {
  return new WebhookVerificationError(
    WebhookVerificationErrorReason.BodyTooLarge,
    `The webhook body is larger than ${MAX_WEBHOOK_BODY_BYTES} bytes.`,
  );
}

/** Refuses before reading when the sender already says the body is too large. */
export function checkDeclaredLength(contentLength: string | undefined): void {
  if (contentLength === undefined || !/^\s*\d+\s*$/.test(contentLength)) return;
  if (Number(contentLength) > MAX_WEBHOOK_BODY_BYTES) throw tooLarge();
}

/** Collects chunks until the limit; one byte over stops reading (the caller stops the source). */
class LimitedBytes {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  /** False once the limit is passed. */
  add(chunk: Uint8Array | string): boolean {
    const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
    this.size += bytes.byteLength;
    if (this.size > MAX_WEBHOOK_BODY_BYTES) return false;
    this.chunks.push(bytes);
    return true;
  }

  bytes(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0] as Uint8Array;
    const all = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      all.set(chunk, offset);
      offset += chunk.byteLength;
    }
    return all;
  }
}

async function readStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const collected = new LimitedBytes();
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return collected.bytes();
    if (!collected.add(value)) {
      // Stop the sender here: the rest is never read.
      reader.cancel().catch(() => {});
      throw tooLarge();
    }
  }
}

async function readIterable(iterable: AsyncIterable<Uint8Array | string>): Promise<Uint8Array> {
  const collected = new LimitedBytes();
  // Not `for await`: leaving that loop destroys a Node request, and the 413 could not be sent.
  const iterator = iterable[Symbol.asyncIterator]();
  for (;;) {
    const { done, value } = await iterator.next();
    if (done) return collected.bytes();
    if (!collected.add(value)) throw tooLarge();
  }
}

function isReadableStream(body: object): body is ReadableStream<Uint8Array> {
  return typeof (body as ReadableStream).getReader === 'function';
}

function isAsyncIterable(body: object): body is AsyncIterable<Uint8Array | string> {
  return typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

function bodyInvalid(message: string): WebhookVerificationError {
  return new WebhookVerificationError(WebhookVerificationErrorReason.BodyInvalid, message);
}

/** The body as the text that was signed; bytes that are not UTF-8 cannot be a JSON event. */
export async function readBodyText(body: WebhookBody | null | undefined): Promise<string> {
  if (body === null || body === undefined) return '';
  if (typeof body === 'string') {
    // Each UTF-16 unit is at least one byte: a longer string is over the limit without encoding it.
    if (body.length > MAX_WEBHOOK_BODY_BYTES || encoder.encode(body).byteLength > MAX_WEBHOOK_BODY_BYTES) {
      throw tooLarge();
    }
    return body;
  }
  let bytes: Uint8Array;
  if (body instanceof Uint8Array) {
    if (body.byteLength > MAX_WEBHOOK_BODY_BYTES) throw tooLarge();
    bytes = body;
  } else if (isReadableStream(body)) {
    bytes = await readStream(body);
  } else if (isAsyncIterable(body)) {
    bytes = await readIterable(body);
  } else {
    throw bodyInvalid('The webhook body must be a string, bytes or a stream of bytes.');
  }
  try {
    return utf8.decode(bytes);
  } catch {
    throw bodyInvalid('The webhook body is not UTF-8 text.');
  }
}
