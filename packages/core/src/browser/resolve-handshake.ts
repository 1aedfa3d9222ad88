import { HandshakeMessage, TokenVerificationErrorReason as Reason } from '../errors.js';
import type { RequestState } from '../request-state.js';
import { isPromise } from '../types/maybe-promise.js';
import { callBackendApi } from './backend-calls.js';
import type { BrowserRequest, Transport } from './browser-request.js';
import {
  DEV_BROWSER_PARAM,
  HANDSHAKE_HELP_PARAM,
  HANDSHAKE_NONCE_PARAM,
  HANDSHAKE_PARAM,
} from './cookie-names.js';
import {
  asVerificationError,
  type BrowserDeps,
  DEVELOPMENT_RETRY_SKEW_IN_MS,
  isTimeFailure,
  type SessionVerification,
} from './deps.js';
import type { Carried } from './handshake-redirect.js';
import { verifyHandshakeToken } from './handshake-token.js';
import {
  handshakeCookieDeletions,
  isSafeDirective,
  sessionFromDirectives,
  setsSessionCookie,
} from './set-cookie.js';
import type { BrowserSettings } from './settings.js';
import { browserSignedOut, NO_STORE, PRIVATE_NO_STORE, withExtras } from './states.js';
import { withoutParams } from './url-params.js';

const NOT_IN_CLEANED_URL: ReadonlySet<string> = new Set([
  HANDSHAKE_PARAM,
  HANDSHAKE_NONCE_PARAM,
  HANDSHAKE_HELP_PARAM,
  DEV_BROWSER_PARAM,
]);

export type Resolution = { readonly resolved: RequestState } | { readonly failed: Carried };

async function directivesOf<V extends SessionVerification>(
  request: BrowserRequest,
  transport: Transport,
  settings: BrowserSettings,
  deps: BrowserDeps<V>,
): Promise<string[] | HandshakeMessage> {
  if (transport.kind === 'nonce') {
    const nonce = encodeURIComponent(transport.value.slice(0, 512));
    const answer = await callBackendApi(
      settings,
      deps.fetch,
      'GET',
      `clients/handshake_payload?nonce=${nonce}`,
    );
    const directives = answer.kind === 'ok' ? answer.body.directives : undefined;
    if (!Array.isArray(directives) || !directives.every(isSafeDirective))
      return HandshakeMessage.PayloadUnavailable;
    return directives;
  }
  try {
    const verified = verifyHandshakeToken(
      transport.value,
      deps.keys,
      deps.platform,
      request.nowMs,
      settings.clockSkewInMs,
    );
    const directives = isPromise(verified) ? await verified : verified;
    return directives.every(isSafeDirective) ? directives : HandshakeMessage.TokenInvalid;
  } catch {
    return HandshakeMessage.TokenInvalid;
  }
}

async function verifyResolvedSession<V extends SessionVerification>(
  session: string,
  settings: BrowserSettings,
  deps: BrowserDeps<V>,
): Promise<V | undefined> {
  try {
    return await deps.verifySession(session);
  } catch (error) {
    const { reason } = asVerificationError(error);
    if (settings.instance !== 'development' || !isTimeFailure(reason)) return undefined;
  }
  (deps.warn ?? console.warn)(
    'sessionguard: clock skew: the session of a development handshake failed on time alone; retried with a 24 h skew. Check the system clock.',
  );
  try {
    return await deps.verifySession(session, { clockSkewInMs: DEVELOPMENT_RETRY_SKEW_IN_MS });
  } catch {
    return undefined;
  }
}

/** What a failed resolution hands on: deletions of the stale handshake cookies, and its name. */
function failure(
  request: BrowserRequest,
  settings: BrowserSettings,
  deps: { logger?: BrowserDeps['logger'] },
  message: HandshakeMessage,
): Resolution {
  deps.logger?.debug('handshake not resolved; the request goes on with its own cookies', { message });
  const stale: ('token' | 'nonce')[] = [];
  if (request.jar.handshake !== undefined) stale.push('token');
  if (request.jar.handshakeNonce !== undefined) stale.push('nonce');
  const secure = request.url()?.protocol === 'https:';
  return {
    failed: {
      setCookie: handshakeCookieDeletions(settings.cookies, settings.frontendApiHost, stale, secure),
      authMessage: message,
    },
  };
}

/**
 * SPEC §12.5: the browser is back from the Frontend API with a handshake token or nonce. Resolved:
 * every directive becomes a Set-Cookie, in order, and the request is signed in with the last session
 * directive (production: this very request; development: a 307 to the cleaned URL), or signed out
 * with `session-token-missing` when the payload signs the client out. Failed (ours): nothing of the
 * payload is kept; the caller goes on with the request's own cookies.
 */
export async function resolveHandshake<V extends SessionVerification>(
  request: BrowserRequest,
  transport: Transport,
  settings: BrowserSettings,
  deps: BrowserDeps<V>,
): Promise<Resolution> {
  const directives = await directivesOf(request, transport, settings, deps);
  if (!Array.isArray(directives)) return failure(request, settings, deps, directives);
  const sessionCookieName = settings.cookies.session.plain;
  const session = sessionFromDirectives(directives, sessionCookieName);
  const url = settings.instance === 'development' ? request.url() : undefined;
  const location = url === undefined ? null : withoutParams(url, NOT_IN_CLEANED_URL);
  const cacheControl = setsSessionCookie(directives, sessionCookieName)
    ? PRIVATE_NO_STORE
    : location === null
      ? undefined
      : NO_STORE;
  const extras = { setCookie: directives, location, ...(cacheControl === undefined ? {} : { cacheControl }) };
  if (session === '') {
    const message = 'The handshake payload carries no session: the client is signed out.';
    return { resolved: browserSignedOut(Reason.SessionTokenMissing, message, null, extras) };
  }
  const verification = await verifyResolvedSession(session, settings, deps);
  if (verification === undefined) return failure(request, settings, deps, HandshakeMessage.SessionInvalid);
  return { resolved: withExtras(deps.signedIn(verification), extras) };
}
