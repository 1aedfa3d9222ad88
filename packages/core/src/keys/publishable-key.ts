import { ConfigurationError } from '../errors.js';
import { base64UrlFromBytes, decodeBase64ToString } from '../util/base64.js';
import { isLoopbackHostname } from '../util/loopback.js';
import { sha1 } from '../util/sha1.js';

const PREFIX = /^pk_(test|live)_/;
// A host name with a dot (Clerk: `clerk.example.com`, `x.clerk.accounts.dev`), no empty label, maybe a port.
const HOST = /^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d{1,5})?$/;

/** The Frontend API host a publishable key stands for (Clerk: `pk_test_` + base64(`host$`)). */
export function frontendApiFromPublishableKey(publishableKey: string): string {
  const fail = (): never => {
    throw new ConfigurationError(
      'invalid-publishable-key',
      'The publishable key (publishableKey / CLERK_PUBLISHABLE_KEY) is malformed: expected pk_test_ or pk_live_ followed by base64 of "<frontend-api-host>$", a host name with a dot such as clerk.example.com. Copy it again from your issuer dashboard.',
    );
  };
  if (!PREFIX.test(publishableKey)) return fail();
  let decoded: string;
  try {
    decoded = decodeBase64ToString(publishableKey.replace(PREFIX, ''));
  } catch {
    return fail();
  }
  if (!decoded.endsWith('$')) return fail();
  const host = decoded.slice(0, -1);
  if (!HOST.test(host)) return fail();
  try {
    new URL(`https://${host}`); // a port over 65535, say
  } catch {
    return fail();
  }
  return host;
}

/** `http://` only for a loopback host (the test issuer); every real Frontend API is HTTPS. */
export function frontendApiJwksUrl(host: string): string {
  const scheme = isLoopbackHostname(new URL(`https://${host}`).hostname) ? 'http' : 'https';
  return `${scheme}://${host}/.well-known/jwks.json`;
}

/** Clerk names per-instance cookies `__session_<first 8 of base64url(sha1(pk))>`. */
export function cookieSuffixFromPublishableKey(publishableKey: string): string {
  return base64UrlFromBytes(sha1(new TextEncoder().encode(publishableKey))).slice(0, 8);
}
