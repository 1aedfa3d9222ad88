import type { IncomingMessage, ServerResponse } from 'node:http';
import { COOKIE, parseCookieHeader, setCookie } from './browser-cookies.js';
import type { FrontendApi } from './fapi.js';
import { sendRedirect } from './fapi-handshake.js';
import { sendClerkError } from './http-answers.js';

export const SIGN_IN_PATH = '/sign-in';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);

/** Without `user_id`: a one-field form, so a person (or a browser test) can sign in by hand. */
function sendForm(response: ServerResponse, query: URLSearchParams): void {
  const hidden = [...query]
    .filter(([name]) => name !== 'user_id')
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('');
  const html = `<!doctype html><title>Sign in</title><form method="get">${hidden}<label>User id <input name="user_id" value="user_1"></label> <button>Sign in</button></form>`;
  response.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  response.end(html);
}

/**
 * `GET <signInUrl>?user_id=<id>&redirect_url=<url>`: signs the user in on this browser's client (a
 * new client when it has none) and sends it through `/v1/client/handshake`, so the app's origin gets
 * its cookies as from Clerk. Production names the client with the `__client` cookie of the Frontend
 * API's origin; development with the dev browser token, which travels in the query.
 */
export function answerSignIn(
  fapi: FrontendApi,
  request: IncomingMessage,
  response: ServerResponse,
  query: URLSearchParams,
  addUserIfUnknown: (userId: string) => void,
): void {
  const redirectUrl = query.get('redirect_url');
  if (!fapi.allowedRedirect(redirectUrl) || redirectUrl === null) {
    sendClerkError(response, 400, 'invalid_redirect_url');
    return;
  }
  const userId = query.get('user_id');
  if (!userId) {
    sendForm(response, query);
    return;
  }
  addUserIfUnknown(userId);
  const handshake = new URL('/v1/client/handshake', fapi.options.issuerUrl);
  handshake.searchParams.set('redirect_url', redirectUrl);
  // As Clerk's front end does, the app gets both the plain and the suffixed cookies.
  handshake.searchParams.set('suffixed_cookies', 'true');
  handshake.searchParams.set('format', 'nonce');
  const setCookies: string[] = [];
  if (fapi.development) {
    const { token, client } = fapi.devBrowsers.findOrCreate(query.get(COOKIE.devBrowser));
    fapi.sessions.signIn(client, userId);
    handshake.searchParams.set(COOKIE.devBrowser, token);
  } else {
    const known = fapi.sessions.clientByCookie(parseCookieHeader(request.headers.cookie).get(COOKIE.client));
    const client = known ?? fapi.sessions.createClient();
    fapi.sessions.signIn(client, userId);
    const secure = new URL(fapi.options.issuerUrl).protocol === 'https:';
    setCookies.push(setCookie(COOKIE.client, client.cookie, { secure }, '; HttpOnly'));
  }
  sendRedirect(response, handshake.href, setCookies);
}
