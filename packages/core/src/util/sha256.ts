// SHA-256 as lowercase hex through WebCrypto (every runtime we support has crypto.subtle).
// Used to name machine-token verdicts in the cache store: a raw token is never a key.

const encoder = new TextEncoder();

export async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}
