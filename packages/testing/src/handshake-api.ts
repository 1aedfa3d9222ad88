import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FrontendApi } from './fapi.js';
import { buildDirectives } from './fapi-directives.js';
import { hasBearer, sendClerkError, sendJson } from './http-answers.js';
import { readBody } from './machine-routes.js';

/** `GET /v1/clients/handshake_payload?nonce=<n>` (Backend API): the directives parked under a nonce, once. */
export function answerHandshakePayload(
  fapi: FrontendApi,
  secretKey: string,
  request: IncomingMessage,
  response: ServerResponse,
  query: URLSearchParams,
): void {
  if (!hasBearer(request, secretKey)) {
    sendClerkError(response, 401, 'authentication_invalid');
  } else if (fapi.fault === 'payload-down') {
    sendClerkError(response, 500, 'internal_clerk_error');
  } else {
    const directives = fapi.nonces.take(query.get('nonce'));
    if (directives) sendJson(response, 200, { directives });
    else sendClerkError(response, 400, 'invalid_nonce', {}, { param_name: 'nonce' });
  }
}

interface RefreshBody {
  expired_token: string;
  refresh_token: string;
  request_origin: string;
}

function refreshBodyOf(text: string | undefined): RefreshBody | undefined {
  let body: unknown;
  try {
    body = text === undefined ? undefined : JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof body !== 'object' || body === null) return undefined;
  const fields = body as Record<string, unknown>;
  const { expired_token, refresh_token, request_origin } = fields;
  if (typeof expired_token !== 'string' || typeof refresh_token !== 'string') return undefined;
  if (typeof request_origin !== 'string' || !URL.canParse(request_origin)) return undefined;
  return { expired_token, refresh_token, request_origin };
}

/** The `sid` of a session token, decoded only: Clerk's SDK sends the expired token it holds. */
function sessionIdOf(token: string): string | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const sid = (payload as { sid?: unknown } | null)?.sid;
    return typeof sid === 'string' ? sid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * `POST /v1/sessions/{sid}/refresh` (Backend API): exchanges a refresh token, once, for a new session
 * cookie and the next refresh token, while the session is active (SPEC §12.6).
 */
export function answerSessionRefresh(
  fapi: FrontendApi,
  secretKey: string,
  request: IncomingMessage,
  response: ServerResponse,
  route: { sessionId: string; query: URLSearchParams },
): void {
  readBody(request, (text) => {
    void (async () => {
      if (!hasBearer(request, secretKey)) {
        sendClerkError(response, 401, 'authentication_invalid');
        return;
      }
      const body = refreshBodyOf(text);
      if (!body) {
        sendClerkError(response, 400, 'request_body_invalid');
        return;
      }
      const outcome =
        sessionIdOf(body.expired_token) === route.sessionId
          ? fapi.sessions.redeemRefreshToken(route.sessionId, body.refresh_token)
          : ({ ok: false, code: 'invalid_refresh_token' } as const);
      if (!outcome.ok) {
        sendClerkError(response, 400, outcome.code);
        return;
      }
      const origin = new URL(body.request_origin);
      const signedIn = await fapi.signedInCookies(outcome.session, outcome.client, origin.origin);
      const cookies = buildDirectives({
        scope: { secure: origin.protocol === 'https:' },
        suffix: fapi.suffix,
        suffixed: route.query.get('suffixed_cookies') === 'true',
        // The refresh token just spent is replaced, refresh cookies on or not.
        signedIn: {
          ...signedIn,
          refreshToken: signedIn.refreshToken ?? fapi.sessions.issueRefreshToken(outcome.session),
        },
      });
      sendJson(response, 200, { object: 'cookies', cookies });
    })().catch(() => sendClerkError(response, 500, 'internal_clerk_error'));
  });
}
