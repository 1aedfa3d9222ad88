import { HandshakeMessage } from '../errors.js';
import type { RequestState } from '../request-state.js';
import type { TokenType } from '../token/token-type.js';
import type { BrowserRequest } from './browser-request.js';
import {
  DEV_BROWSER_PARAM,
  HANDSHAKE_HELP_PARAM,
  HANDSHAKE_NONCE_PARAM,
  HANDSHAKE_PARAM,
  LEGACY_DEV_BROWSER_PARAM,
} from './cookie-names.js';
import { redirectCountCookie } from './set-cookie.js';
import type { BrowserSettings } from './settings.js';
import { browserSignedOut, handshakeState } from './states.js';
import { withoutParams } from './url-params.js';

/** Clerk's `SUPPORTED_BAPI_VERSION`, sent to the Frontend API with every handshake. */
export const CLERK_API_VERSION = '2026-05-12';
/** Ours: Clerk stops at exactly 3, so a tampered counter of 4 loops for ever. */
export const REDIRECT_LOOP_LIMIT = 3;

// The dev browser never travels in redirect_url (Clerk); ours: nor the handshake's own parameters,
// so that they never pile up.
const NOT_IN_REDIRECT_URL: ReadonlySet<string> = new Set([
  DEV_BROWSER_PARAM,
  LEGACY_DEV_BROWSER_PARAM,
  HANDSHAKE_PARAM,
  HANDSHAKE_NONCE_PARAM,
  HANDSHAKE_HELP_PARAM,
]);

const LOOP_CAUSE =
  'sessionguard: a handshake redirect loop was stopped (the browser came back 3 times without usable cookies). Likely cause: the publishable and secret keys are not of the same instance, or a proxy in front of the app drops Set-Cookie headers.';

/** What a failed handshake resolution hands on to whatever the request ends as (SPEC §12.5). */
export interface Carried {
  readonly setCookie: readonly string[];
  readonly authMessage: string | undefined;
}

export const NOTHING_CARRIED: Carried = Object.freeze({
  setCookie: Object.freeze([]),
  authMessage: undefined,
});

/** The session token a handshake sends along: the cookie's, else the header's (Clerk). */
export interface HandshakeSubject {
  readonly reason: string;
  /** For the auth object only. */
  readonly message: string;
  readonly tokenType: TokenType | null;
  readonly sessionToken: string | undefined;
}

/** SPEC §12.4: `<FAPI base>/v1/client/handshake?…`, its query in Clerk's order. */
export function handshakeLocation(
  request: BrowserRequest,
  settings: BrowserSettings,
  url: URL,
  subject: HandshakeSubject,
): string {
  const base = settings.frontendApiBase.startsWith('/')
    ? `${url.origin}${settings.frontendApiBase}`
    : settings.frontendApiBase;
  const query = new URLSearchParams();
  query.append('redirect_url', withoutParams(url, NOT_IN_REDIRECT_URL));
  query.append('__clerk_api_version', CLERK_API_VERSION);
  query.append('suffixed_cookies', String(request.suffixed));
  query.append('__clerk_hs_reason', subject.reason);
  // Ours: only a secret key can exchange a nonce, so only then is one asked for.
  if (settings.secretKey !== undefined) query.append('format', 'nonce');
  if (subject.sessionToken !== undefined) query.append('__session', subject.sessionToken);
  if (settings.instance === 'development') {
    const devBrowser = request.devBrowser();
    if (devBrowser !== undefined) query.append(DEV_BROWSER_PARAM, devBrowser);
  }
  return `${base}/v1/client/handshake?${query.toString()}`;
}

function joinMessages(first: string | undefined, second: string): string {
  return first === undefined ? second : `${first}, ${second}`;
}

/**
 * HS(reason) of SPEC §12.3: the handshake redirect on a navigation with `handshake` on, else signed
 * out with the same reason; stopped by the loop guard at 3 redirects and more.
 */
export function handshakeOrSignedOut(
  request: BrowserRequest,
  settings: BrowserSettings,
  subject: HandshakeSubject,
  carried: Carried,
  warn: (line: string) => void,
): RequestState {
  const { reason, message, tokenType } = subject;
  const url = settings.handshake && request.navigation ? request.url() : undefined;
  if (url === undefined) {
    return browserSignedOut(reason, message, tokenType, {
      setCookie: carried.setCookie,
      ...(carried.authMessage === undefined ? {} : { authMessage: carried.authMessage }),
    });
  }
  if (request.redirectCount >= REDIRECT_LOOP_LIMIT) {
    warn(LOOP_CAUSE);
    return browserSignedOut(reason, message, tokenType, {
      setCookie: carried.setCookie,
      authMessage: joinMessages(carried.authMessage, HandshakeMessage.LoopStopped),
    });
  }
  const location = handshakeLocation(request, settings, url, subject);
  const setCookie = [
    ...carried.setCookie,
    redirectCountCookie(settings.cookies, request.redirectCount + 1, url.protocol === 'https:'),
  ];
  return handshakeState(reason, message, tokenType, location, setCookie, carried.authMessage);
}
