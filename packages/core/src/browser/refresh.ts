import { pathSegmentForId } from '../backend-api/path-id.js';
import { RefreshFailure } from '../errors.js';
import type { RequestState } from '../request-state.js';
import type { RequestLike } from '../token/request-like.js';
import { callBackendApi } from './backend-calls.js';
import type { BrowserRequest } from './browser-request.js';
import type { BrowserDeps, SessionVerification } from './deps.js';
import { isSafeDirective, sessionFromDirectives } from './set-cookie.js';
import type { BrowserSettings } from './settings.js';
import { PRIVATE_NO_STORE, withExtras } from './states.js';

export type RefreshResult = { readonly state: RequestState } | { readonly why: string };

// Ours: the Backend API gets the request's headers to judge the refresh, never its credentials.
const NOT_FORWARDED: ReadonlySet<string> = new Set(['cookie', 'authorization', 'proxy-authorization']);

/** `request_headers` as Clerk sends them (`{ name: [value] }`), without cookies or credentials. */
export function forwardedHeaders(request: RequestLike): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const { headers } = request;
  if (typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function') {
    (headers as Headers).forEach((value, name) => {
      if (!NOT_FORWARDED.has(name)) out[name] = [value];
    });
    return out;
  }
  for (const [rawName, value] of Object.entries(headers as Record<string, string | string[] | undefined>)) {
    const name = rawName.toLowerCase();
    if (value === undefined || NOT_FORWARDED.has(name)) continue;
    out[name] = Array.isArray(value) ? [...value] : [value];
  }
  return out;
}

// An error code becomes part of a reason and of a response header: keep it to Clerk's code alphabet.
const CODE = /^[A-Za-z0-9_.-]{1,100}$/;

function sessionIdOf(request: BrowserRequest, token: string): string | RefreshResult {
  const claims = request.peek(token);
  if (claims === undefined) return { why: RefreshFailure.ExpiredSessionTokenDecodeFailed };
  try {
    return pathSegmentForId(claims.sid, 'session id');
  } catch {
    return { why: RefreshFailure.ExpiredSessionTokenMissingSidClaim };
  }
}

/**
 * SPEC §12.6: trade an expired session token and the refresh cookie for new cookies, one Backend
 * API call bounded by `apiTimeoutInMs`. Signed in with every returned cookie as a Set-Cookie, or
 * the `<why>` of §12.3 step 8.
 */
export async function refreshSession<V extends SessionVerification>(
  request: BrowserRequest,
  expiredToken: string,
  refreshToken: string,
  settings: BrowserSettings,
  deps: BrowserDeps<V>,
): Promise<RefreshResult> {
  if (settings.secretKey === undefined) return { why: RefreshFailure.MissingApiClient };
  const sid = sessionIdOf(request, expiredToken);
  if (typeof sid !== 'string') return sid;
  const query = request.suffixed ? '?suffixed_cookies=true' : '';
  const answer = await callBackendApi(settings, deps.fetch, 'POST', `sessions/${sid}/refresh${query}`, {
    expired_token: expiredToken,
    refresh_token: refreshToken,
    request_origin: request.url()?.origin ?? '',
    request_headers: forwardedHeaders(request.request),
    format: 'cookie',
  });
  if (answer.kind === 'no-answer') return { why: RefreshFailure.FetchError };
  if (answer.kind === 'error') {
    const { code } = answer;
    // Clerk's client reports a failed fetch as `unexpected_error`.
    if (code === undefined || code === 'unexpected_error' || !CODE.test(code))
      return { why: RefreshFailure.FetchError };
    return { why: code };
  }
  const cookies = answer.body.cookies;
  if (!Array.isArray(cookies) || cookies.length === 0 || !cookies.every(isSafeDirective)) {
    return { why: RefreshFailure.UnexpectedSdkError };
  }
  const session = sessionFromDirectives(cookies, settings.cookies.session.plain);
  let verification: V;
  try {
    verification = await deps.verifySession(session);
  } catch {
    return { why: RefreshFailure.InvalidSessionToken };
  }
  return {
    state: withExtras(deps.signedIn(verification), { setCookie: cookies, cacheControl: PRIVATE_NO_STORE }),
  };
}
