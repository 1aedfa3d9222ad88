// A key set or a Backend API resource is a few kilobytes; a body far larger, or one that never ends,
// is a broken or hostile server. Both are a failed fetch, found with bounded memory and within the
// fetch's own deadline.

/** What the core reads of a response from the issuer's key server or the Backend API, at most. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/** A body over the cap: the fetch failed. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  constructor(what: string, maxBytes: number) {
    super(`${what} is larger than ${maxBytes} bytes`);
  }
}

/**
 * The body as text: at most `maxBytes` read (the rest is never asked for), and not past `signal`,
 * which also bounds the headers: the deadline covers the whole response, even from a `fetch` option
 * that ignores the signal once the headers are in.
 */
export async function readBodyText(
  response: Response,
  maxBytes: number,
  signal: AbortSignal,
  /** Names the body in the error: "the key set". */
  what: string,
): Promise<string> {
  const tooLarge = () => new BodyTooLargeError(what, maxBytes);
  const body = response.body;
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes) {
    await body?.cancel().catch(() => {});
    throw tooLarge();
  }
  if (body === null) return '';

  const reader = body.getReader();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  aborted.catch(() => {}); // raced below; an abort after the last read needs no handler
  const chunks: Uint8Array[] = [];
  let total = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await Promise.race([reader.read(), aborted]);
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge();
      chunks.push(value);
    }
    finished = true;
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
    if (!finished) void reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes);
}
