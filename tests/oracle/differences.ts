/**
 * What one authentication looks like from outside, for either SDK: the fields the oracle compares.
 * `location` is the path and query of the `Location` (the origin dropped when it is the issuer's);
 * `setCookie` is each `Set-Cookie`'s `name=value`, in order (attributes are not compared).
 */
export interface Observation {
  status: 'signed-in' | 'signed-out' | 'handshake' | 'throws';
  reason: string | null;
  location: string | null;
  setCookie: string[];
  userId: string | null;
  sessionId: string | null;
  cacheControl: string | null;
  /** `Access-Control-Allow-Origin`. */
  corsOrigin: string | null;
}

export type Field = keyof Observation;

/** Every field a case compares: a difference that can change the whole outcome names them all. */
export const EVERY_FIELD: readonly Field[] = [
  'status',
  'reason',
  'location',
  'setCookie',
  'userId',
  'sessionId',
  'cacheControl',
  'corsOrigin',
];

export interface Difference {
  /** The SPEC line (or the Wave 2 choice the SPEC's "(ours)" refers to) that makes us differ. */
  spec: string;
  clerk: string;
  ours: string;
  /** The fields in which a case may differ because of it; none when the oracle cannot see it. */
  fields: readonly Field[];
}

/**
 * Every place where sessionguard differs from Clerk's `@clerk/backend` on purpose. A case that
 * differs names its entries; any other difference fails the oracle. Entries whose `fields` are
 * empty are not visible to it (attributes, headers it does not compare, options Clerk lacks).
 */
export const DIFFERENCES = {
  'loopback-http': {
    spec: '§12.4: `http://` for a loopback FAPI host (ours; Clerk always uses https)',
    clerk: 'https://<FAPI host>, so the oracle gives Clerk proxyUrl = the issuer URL',
    ours: 'http://127.0.0.1:<port>, the same URL Clerk reaches through proxyUrl',
    fields: [],
  },
  'redirect-url-cleaned': {
    spec: '§12.4: redirect_url without __clerk_handshake, __clerk_handshake_nonce and __clerk_help (ours)',
    clerk: 'keeps them in redirect_url, so they pile up on every round trip',
    ours: 'drops them',
    fields: ['location'],
  },
  'redirect-url-encoding': {
    spec: "§12.5 / Wave 2: redirect_url and the development 307 keep each parameter's encoding (ours)",
    clerk: 're-serializes the query (%20 becomes +)',
    ours: 'keeps the bytes of every parameter it does not remove',
    fields: ['location'],
  },
  'format-nonce-needs-secret': {
    spec: '§12.4: format=nonce only when a secretKey is set (ours)',
    clerk: 'always asks for a nonce (and cannot run without a secret key at all)',
    ours: 'asks for a nonce only when it can exchange one',
    fields: [],
  },
  'redirect-count-attributes': {
    spec: "§12.4 / Wave 2: __clerk_redirect_count with Path=/ (and Secure on https), attributes in the cookie package's order (ours)",
    clerk: '`SameSite=Lax; HttpOnly; Max-Age=2`, no Path',
    ours: '`Max-Age=2; Path=/; HttpOnly; [Secure; ]SameSite=Lax`',
    fields: [],
  },
  'loop-guard': {
    spec: '§12.4: the loop guard stops at 3 or more (ours; Clerk: exactly 3)',
    clerk: 'a count of 4 or more redirects again (the counter went past 3)',
    ours: 'signed out with the same reason, x-clerk-auth-message handshake-loop-stopped',
    fields: ['status', 'location', 'setCookie', 'cacheControl'],
  },
  'redirect-count-highest': {
    spec: 'Wave 2: two __clerk_redirect_count values, the highest wins (ours)',
    clerk: 'reads the first value',
    ours: 'reads the highest, so a stale lower copy cannot restart the loop',
    fields: ['status', 'location', 'setCookie', 'cacheControl'],
  },
  'loop-message': {
    spec: '§12.4 / Wave 2: x-clerk-auth-message handshake-loop-stopped and one log line (ours)',
    clerk: 'logs to the console, no header',
    ours: 'names the stop in x-clerk-auth-message',
    fields: [],
  },
  'handshake-navigation-only': {
    spec: '§12.3 step 1: a handshake token or nonce is resolved only on a navigation (ours)',
    clerk: 'resolves it on any request (a stale nonce costs a Backend API call per fetch)',
    ours: 'ignores the handshake cookies and query on a non-navigation',
    fields: EVERY_FIELD,
  },
  'query-transport-development-only': {
    spec: '§12.5: the query transport only on development (ours)',
    clerk: 'takes __clerk_handshake from the query in production too, where it stays in the address bar',
    ours: 'ignores it in production and goes on with the cookies the browser brought',
    fields: EVERY_FIELD,
  },
  'handshake-token-exp': {
    spec: "§12.5: a handshake token's exp is checked when present (ours)",
    clerk: 'ignores exp: a captured handshake token resolves forever',
    ours: 'refuses it (handshake-token-invalid) and falls through',
    fields: EVERY_FIELD,
  },
  'failed-resolution-falls-through': {
    spec: '§12.5: a failed resolution falls through to the cookies the browser brought, deletes the stale handshake cookies and names the failure (ours)',
    clerk:
      'signs out (session-token-missing), throws (an adapter answers 500), or goes on without deleting the stale cookie',
    ours: 'the §12.3 outcome of the own cookies, with `__clerk_handshake(_nonce)=; Max-Age=0` and x-clerk-auth-message',
    fields: ['status', 'reason', 'location', 'setCookie', 'cacheControl', 'corsOrigin'],
  },
  'private-no-store': {
    spec: '§12.5: every response that sets a session cookie carries Cache-Control: private, no-store (ours)',
    clerk: 'no Cache-Control (production), no-store (development 307)',
    ours: 'private, no-store',
    fields: ['cacheControl'],
  },
  'no-cors-null': {
    spec: 'Wave 2: no Access-Control-Allow-Origin: null / Allow-Credentials on resolution responses (ours)',
    clerk: 'sets both on every resolution, letting any null-origin document read the response',
    ours: 'sets neither',
    fields: ['corsOrigin'],
  },
  'refresh-plain-fallback': {
    spec: '§12.2: __refresh_<suffix>, plain __refresh as a fallback (ours)',
    clerk: 'reads only the suffixed refresh cookie',
    ours: 'falls back to plain __refresh',
    fields: ['reason', 'location'],
  },
  'refresh-reasons': {
    spec: 'Wave 2: missing-api-client without a secret key; an odd or unexpected_error Backend API code is fetch-error; request_headers also drop proxy-authorization (ours)',
    clerk: 'needs a secret key to run at all; passes any code through',
    ours: 'names only codes of [A-Za-z0-9_.-]{1,100}',
    fields: [],
  },
  'stale-cookie-domain': {
    spec: 'Wave 2: stale handshake cookies deleted host-only plus Domain=<FAPI host minus its first label> for clerk.<domain> (ours)',
    clerk: 'does not delete them',
    ours: 'deletes them (only host-only on a loopback issuer)',
    fields: [],
  },
  'opaque-machine-cookie': {
    spec: '§12.3 step 6 / Wave 2: an opaque machine token in a session cookie is token-type-mismatch (ours, §3.7)',
    clerk: 'token-invalid (it does not decode as a JWT)',
    ours: 'token-type-mismatch',
    fields: ['reason'],
  },
  'header-case': {
    spec: 'Wave 2: header names lower case (ours)',
    clerk: 'a Headers object',
    ours: 'a record of lower-case names',
    fields: [],
  },
} as const satisfies Record<string, Difference>;

export type DifferenceId = keyof typeof DIFFERENCES;
