import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FrontendApi } from './fapi.js';
import { answerHandshake } from './fapi-handshake.js';
import { answerSignIn, SIGN_IN_PATH } from './fapi-sign-in.js';
import { answerHandshakePayload, answerSessionRefresh } from './handshake-api.js';
import { answerSafely, sendClerkError } from './http-answers.js';
import type { RequestHandler } from './http-server.js';
import { type IssuerStats, type LoggedRequest, logRequest, type OutageMode } from './routes.js';

export interface BrowserRouteContext {
  fapi: FrontendApi;
  secretKey: string;
  stats: IssuerStats;
  outage(): OutageMode;
  addUserIfUnknown(userId: string): void;
}

type BrowserRoute =
  | { kind: 'handshake' | 'sign-in' | 'handshake-payload'; method: 'GET' }
  | { kind: 'refresh'; method: 'POST'; sessionId: string };

/** The routes of SPEC §12.7; every other path is left to the issuer's other routes. */
export function browserRouteOf(pathname: string): BrowserRoute | undefined {
  if (pathname === '/v1/client/handshake') return { kind: 'handshake', method: 'GET' };
  if (pathname === SIGN_IN_PATH) return { kind: 'sign-in', method: 'GET' };
  if (pathname === '/v1/clients/handshake_payload') return { kind: 'handshake-payload', method: 'GET' };
  const refresh = /^\/v1\/sessions\/([^/]+)\/refresh$/.exec(pathname);
  return refresh ? { kind: 'refresh', method: 'POST', sessionId: refresh[1]! } : undefined;
}

function count(stats: IssuerStats, route: BrowserRoute): void {
  if (route.kind === 'handshake') stats.handshakes += 1;
  if (route.kind === 'handshake-payload') stats.handshakePayloads += 1;
  if (route.kind === 'refresh') stats.sessionRefreshes += 1;
  if (route.kind === 'handshake-payload' || route.kind === 'refresh') stats.apiRequests += 1;
}

export function answerBrowserRoute(
  context: BrowserRouteContext,
  route: BrowserRoute,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  count(context.stats, route);
  const query = new URL(request.url ?? '/', 'http://issuer.invalid').searchParams;
  const backendApi = route.kind === 'handshake-payload' || route.kind === 'refresh';
  const outage = backendApi ? context.outage() : false;
  if (route.kind !== 'refresh' || outage !== false || request.method !== 'POST') request.resume();
  if (outage === 'timeout') return; // left hanging until the client gives up or close() runs
  if (outage === 'error') {
    sendClerkError(response, 500, 'internal_clerk_error');
  } else if (request.method !== route.method) {
    sendClerkError(response, 405, 'method_not_allowed', { allow: route.method });
  } else if (route.kind === 'handshake') {
    answerHandshake(context.fapi, request, response, query).catch(() =>
      sendClerkError(response, 500, 'internal_clerk_error'),
    );
  } else if (route.kind === 'sign-in') {
    answerSignIn(context.fapi, request, response, query, context.addUserIfUnknown);
  } else if (route.kind === 'handshake-payload') {
    answerHandshakePayload(context.fapi, context.secretKey, request, response, query);
  } else if (route.kind === 'refresh') {
    answerSessionRefresh(context.fapi, context.secretKey, request, response, {
      sessionId: route.sessionId,
      query,
    });
  }
}

/**
 * The issuer's handler with the routes of SPEC §12.7 in front. The context is read per request
 * because it needs the port, known only once the server listens.
 */
export function withBrowserRoutes(
  context: () => BrowserRouteContext | undefined,
  requests: LoggedRequest[],
  otherRoutes: RequestHandler,
): RequestHandler {
  return (request, response) => {
    const route = browserRouteOf((request.url ?? '').split('?')[0] ?? '');
    const ready = context();
    if (!route || !ready) {
      otherRoutes(request, response);
      return;
    }
    logRequest(requests, request);
    answerSafely(response, () => answerBrowserRoute(ready, route, request, response));
  };
}
