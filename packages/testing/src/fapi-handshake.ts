import type { IncomingMessage, ServerResponse } from 'node:http';
import { COOKIE, parseCookieHeader, setCookie } from './browser-cookies.js';
import type { FrontendApi } from './fapi.js';
import { sendClerkError } from './http-answers.js';
import type { BrowserClient } from './sessions.js';

/** `url` with `name=value` added to its query (any earlier one removed), every other byte kept. */
export function withQueryParameter(url: string, name: string, value: string): string {
  const hashAt = url.indexOf('#');
  const hash = hashAt === -1 ? '' : url.slice(hashAt);
  const beforeHash = hashAt === -1 ? url : url.slice(0, hashAt);
  const queryAt = beforeHash.indexOf('?');
  const base = queryAt === -1 ? beforeHash : beforeHash.slice(0, queryAt);
  const kept = (queryAt === -1 ? '' : beforeHash.slice(queryAt + 1))
    .split('&')
    .filter((pair) => pair !== '' && pair.split('=')[0] !== name);
  kept.push(`${name}=${encodeURIComponent(value)}`);
  return `${base}?${kept.join('&')}${hash}`;
}

export function sendRedirect(response: ServerResponse, location: string, setCookies: string[] = []): void {
  if (response.destroyed || response.headersSent) return; // the browser gave up while a key was made
  response.writeHead(307, {
    location,
    'cache-control': 'no-store',
    'content-length': 0,
    ...(setCookies.length > 0 ? { 'set-cookie': setCookies } : {}),
  });
  response.end();
}

/**
 * `GET /v1/client/handshake`: Clerk's Frontend API. It finds the browser's client (its `__client`
 * cookie in production, the `__clerk_db_jwt` parameter in development), mints the cookies the app
 * should hold and sends the browser back to `redirect_url` with them as a token or a nonce.
 */
export async function answerHandshake(
  fapi: FrontendApi,
  request: IncomingMessage,
  response: ServerResponse,
  query: URLSearchParams,
): Promise<void> {
  const redirectUrl = query.get('redirect_url');
  const redirect = fapi.allowedRedirect(redirectUrl);
  if (!redirect || redirectUrl === null) {
    sendClerkError(response, 400, 'invalid_handshake');
    return;
  }
  let client: BrowserClient | undefined;
  let devBrowser: string | undefined;
  if (fapi.development) {
    const found = fapi.devBrowsers.findOrCreate(query.get(COOKIE.devBrowser));
    client = found.client;
    devBrowser = found.token;
  } else {
    client = fapi.sessions.clientByCookie(parseCookieHeader(request.headers.cookie).get(COOKIE.client));
  }
  const directives = await fapi.directivesFor(client, {
    redirect,
    suffixed: query.get('suffixed_cookies') === 'true',
    ...(devBrowser === undefined ? {} : { devBrowser }),
  });

  const useNonce = query.get('format') === 'nonce' && fapi.transport === 'nonce';
  const name = useNonce ? COOKIE.handshakeNonce : COOKIE.handshake;
  const value = useNonce ? fapi.nonces.park(directives) : await fapi.signer.handshakeToken(directives);
  if (fapi.development) {
    sendRedirect(response, withQueryParameter(redirectUrl, name, value));
    return;
  }
  const transport = setCookie(name, value, { secure: redirect.protocol === 'https:' }, '; HttpOnly');
  sendRedirect(response, redirectUrl, fapi.fault === 'strip-set-cookie' ? [] : [transport]);
}
