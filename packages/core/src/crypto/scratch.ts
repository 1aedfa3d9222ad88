/**
 * The node platform's scratch bytes, for one call at a time. Every use is synchronous and done
 * before the call returns (node:crypto's one-shot functions and JSON.parse read their input at
 * once), so one buffer per purpose serves every call, and a first sight allocates no Buffer for its
 * payload or signing input. Anything longer than a session token may be takes the allocating path.
 */
const SCRATCH_BYTES = 16 * 1024;
/** Four characters carry three bytes: a segment this short always fits the scratch. */
const MAX_SEGMENT_CHARS = Math.floor(SCRATCH_BYTES / 3) * 4;

let textBuffer: Buffer | undefined;
let latin1Buffer: Buffer | undefined;
/** A view of `latin1Buffer` of the last length used: tokens from one issuer mostly share a length. */
let latin1View: Buffer = Buffer.alloc(0);

export const scratch = {
  /** `text`'s bytes as crypto.verify would read the string (latin1); valid until the next call. */
  latin1(text: string): Buffer {
    if (text.length > SCRATCH_BYTES) return Buffer.from(text, 'latin1');
    latin1Buffer ??= Buffer.alloc(SCRATCH_BYTES);
    const length = latin1Buffer.write(text, 'latin1');
    if (latin1View.length !== length) latin1View = latin1Buffer.subarray(0, length);
    return latin1View;
  },

  /** The UTF-8 text a base64url segment carries. */
  utf8OfBase64url(segment: string): string {
    if (segment.length > MAX_SEGMENT_CHARS) return Buffer.from(segment, 'base64url').toString('utf8');
    textBuffer ??= Buffer.alloc(SCRATCH_BYTES);
    return textBuffer.toString('utf8', 0, textBuffer.write(segment, 'base64url'));
  },
};
