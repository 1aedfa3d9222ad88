import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { BackendApiState, QueuedApiResponse } from './backend-api.js';
import { clerkErrorCodeForStatus } from './clerk-errors.js';
import { answerSafely, hasBearer, sendClerkError, sendJson } from './http-answers.js';
import type { RequestHandler } from './http-server.js';
import type { KeyRing } from './key-ring.js';
import {
  answerMachineVerify,
  type MachineVerifyContext,
  type MachineVerifyRoute,
  machineVerifyRouteOf,
} from './machine-routes.js';

export type OutageMode = false | 'error' | 'timeout';

export interface IssuerStats {
  /** Requests to `/.well-known/jwks.json` and `/v1/jwks`. */
  jwksRequests: number;
  /**
   * Backend API calls: `/v1/users/…`, `/v1/organizations/…`, `/v1/clients/handshake_payload` and
   * `/v1/sessions/…/refresh`.
   */
  apiRequests: number;
  /** Requests to the three machine-token verify endpoints (§9.3), outages included. */
  machineVerifications: number;
  /** The most verify requests in flight at once since the last `resetStats()`. */
  machineVerificationPeakConcurrency: number;
  /** Requests to the Frontend API's `/v1/client/handshake`. */
  handshakes: number;
  /** Requests to `/v1/clients/handshake_payload` (nonce exchanges). */
  handshakePayloads: number;
  /** Requests to `/v1/sessions/{sid}/refresh`. */
  sessionRefreshes: number;
}

export interface LoggedRequest {
  method: string;
  /** The request target as sent, query string included. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface IssuerRouteContext {
  secretKey: string;
  keyRing: KeyRing;
  api: BackendApiState;
  outage(): OutageMode;
  stats: IssuerStats;
  requests: LoggedRequest[];
  schedule(ms: number, task: () => void): void;
  machine: MachineVerifyContext;
}

const REQUEST_LOG_LIMIT = 1000;

/** Keeps the last requests for `issuer.requests`. */
export function logRequest(requests: LoggedRequest[], request: IncomingMessage): void {
  requests.push({ method: request.method ?? '', path: request.url ?? '', headers: { ...request.headers } });
  if (requests.length > REQUEST_LOG_LIMIT) requests.shift();
}

type Route =
  | { kind: 'jwks'; needsSecretKey: boolean }
  | { kind: 'user'; id: string }
  | { kind: 'organization'; idOrSlug: string }
  | MachineVerifyRoute
  | { kind: 'unknown' };

function decodeSegment(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function routeOf(pathname: string): Route {
  if (pathname === '/.well-known/jwks.json') return { kind: 'jwks', needsSecretKey: false };
  if (pathname === '/v1/jwks') return { kind: 'jwks', needsSecretKey: true };
  const user = /^\/v1\/users\/([^/]+)$/.exec(pathname);
  const userId = user ? decodeSegment(user[1]!) : undefined;
  if (userId) return { kind: 'user', id: userId };
  const org = /^\/v1\/organizations\/([^/]+)$/.exec(pathname);
  const idOrSlug = org ? decodeSegment(org[1]!) : undefined;
  if (idOrSlug) return { kind: 'organization', idOrSlug };
  return machineVerifyRouteOf(pathname) ?? { kind: 'unknown' };
}

export function createRequestHandler(context: IssuerRouteContext): RequestHandler {
  function record(request: IncomingMessage, route: Route): void {
    logRequest(context.requests, request);
    if (route.kind === 'jwks') context.stats.jwksRequests += 1;
    if (route.kind === 'user' || route.kind === 'organization') context.stats.apiRequests += 1;
  }

  function handleMachineVerify(
    request: IncomingMessage,
    response: ServerResponse,
    route: MachineVerifyRoute,
  ): void {
    context.machine.traffic.begin(response);
    const outage = context.outage();
    if (outage === 'timeout') return; // left hanging until the client gives up or close() runs
    if (outage === 'error') {
      sendClerkError(response, 500, 'internal_clerk_error');
    } else if (request.method !== 'POST') {
      sendClerkError(response, 405, 'method_not_allowed', { allow: 'POST' });
    } else {
      answerMachineVerify(context.machine, request, response, route);
      return;
    }
    request.resume();
  }

  function findResource(route: Route): unknown {
    switch (route.kind) {
      case 'jwks':
        return context.keyRing.jwks();
      case 'user':
        return context.api.findUser(route.id);
      case 'organization':
        return context.api.findOrganization(route.idOrSlug);
      default:
        return undefined;
    }
  }

  function answerLookup(
    request: IncomingMessage,
    response: ServerResponse,
    route: Route,
    status = 200,
    extraHeaders: OutgoingHttpHeaders = {},
  ): void {
    if (!hasBearer(request, context.secretKey)) {
      sendClerkError(response, 401, 'authentication_invalid');
      return;
    }
    const found = findResource(route);
    if (found === undefined) sendClerkError(response, 404, 'resource_not_found');
    else sendJson(response, status, found, extraHeaders);
  }

  function answerQueued(
    request: IncomingMessage,
    response: ServerResponse,
    route: Route,
    queued: QueuedApiResponse,
  ): void {
    const headers: OutgoingHttpHeaders =
      queued.retryAfterSeconds === undefined ? {} : { 'retry-after': String(queued.retryAfterSeconds) };
    if (queued.body !== undefined) sendJson(response, queued.status, queued.body, headers);
    else if (queued.status >= 400)
      sendClerkError(response, queued.status, clerkErrorCodeForStatus(queued.status), headers);
    else answerLookup(request, response, route, queued.status, headers);
  }

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const pathname = (request.url ?? '').split('?')[0] ?? '';
    const route = routeOf(pathname);
    // Counted before any outage handling, so tests can count attempts during an outage.
    record(request, route);
    if (route.kind === 'machine-verify') {
      handleMachineVerify(request, response, route);
      return;
    }
    // Other bodies are never read, but draining them keeps keep-alive connections usable.
    request.resume();

    if (route.kind === 'unknown') {
      sendClerkError(response, 404, 'resource_not_found');
      return;
    }
    const outage = context.outage();
    if (outage === 'timeout') return; // left hanging until the client gives up or close() runs
    if (outage === 'error') {
      sendClerkError(response, 500, 'internal_clerk_error');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      sendClerkError(response, 405, 'method_not_allowed', { allow: 'GET, HEAD' });
      return;
    }

    if (route.kind === 'jwks') {
      if (route.needsSecretKey) answerLookup(request, response, route);
      else sendJson(response, 200, context.keyRing.jwks(), { 'cache-control': 'public, max-age=300' });
      return;
    }

    const queued = context.api.takeQueued();
    const delayMs = context.api.latencyMs + (queued?.delayMs ?? 0);
    const answer = (): void =>
      answerSafely(response, () => {
        if (queued) answerQueued(request, response, route, queued);
        else answerLookup(request, response, route);
      });
    if (delayMs > 0) context.schedule(delayMs, answer);
    else answer();
  }

  return (request, response) => answerSafely(response, () => handle(request, response));
}
