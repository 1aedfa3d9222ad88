// Portable base64 helpers (atob/btoa exist on Node, Bun, Deno and Workers). The Node build decodes
// token segments with Buffer instead; these serve construction-time work and the WebCrypto build.

const BASE64URL = /^[A-Za-z0-9_-]*$/;

/** True when `segment` is unpadded base64url that decodes to whole bytes. */
export function isBase64Url(segment: string): boolean {
  return segment.length % 4 !== 1 && BASE64URL.test(segment);
}

export function decodeBase64UrlToBinaryString(segment: string): string {
  const base64 = segment.replace(/-/g, '+').replace(/_/g, '/');
  return atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4));
}

function bytesOfBinaryString(binary: string): Uint8Array {
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function decodeBase64UrlToBytes(segment: string): Uint8Array {
  return bytesOfBinaryString(decodeBase64UrlToBinaryString(segment));
}

export function decodeBase64ToBytes(base64: string): Uint8Array {
  return bytesOfBinaryString(atob(base64));
}

export function decodeBase64ToString(base64: string): string {
  return new TextDecoder('utf-8', { fatal: true }).decode(decodeBase64ToBytes(base64));
}

export function base64UrlFromBytes(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}
