import { TokenVerificationErrorReason as Reason } from '../errors.js';
import type { RequestState } from '../request-state.js';
import type { RequestLike } from '../token/request-like.js';
import type { MaybePromise } from '../types/maybe-promise.js';
import { readBrowserRequest } from './browser-request.js';
import { cookiePath } from './cookie-path.js';
import { asVerificationError, type BrowserDeps, isTimeFailure, type SessionVerification } from './deps.js';
import { NOTHING_CARRIED } from './handshake-redirect.js';
import { resolveHandshake } from './resolve-handshake.js';
import type { BrowserSettings } from './settings.js';
import { browserSignedOut } from './states.js';
import { afterVerificationFailure } from './token-failure.js';

/** SPEC §12 for one tenant with a publishable key. Build once (createBrowserSession), call per request. */
export interface BrowserSession {
  /**
   * A request with no token in its Authorization header (SPEC §12.3, step 1 included): replaces
   * §3's cookie reading and the session verification for such a request.
   */
  authenticateCookies(request: RequestLike): MaybePromise<RequestState>;
  /**
   * The Bearer rule at the end of §12.3: a header token failed verification with `error`. A time
   * failure becomes the handshake (or signed out with its §12.3 reason); undefined for any other
   * failure, which keeps the caller's own signed-out state.
   */
  afterBearerFailure(
    request: RequestLike,
    token: string,
    error: unknown,
  ): MaybePromise<RequestState> | undefined;
}

function ambiguous(name: string): RequestState {
  return browserSignedOut(
    Reason.TokenAmbiguous,
    `The cookie ${name} was sent twice with two different values.`,
    null,
  );
}

export function createBrowserSession<V extends SessionVerification>(
  settings: BrowserSettings,
  deps: BrowserDeps<V>,
): BrowserSession {
  return {
    authenticateCookies(request) {
      const read = readBrowserRequest(request, settings, deps, deps.now());
      if ('ambiguous' in read) return ambiguous(read.ambiguous);
      // Step 1; ours: only a navigation resolves, so a stale nonce costs a fetch() no API call.
      const transport = settings.handshake && read.navigation ? read.transport() : undefined;
      if (transport === undefined) return cookiePath(read, settings, deps, NOTHING_CARRIED);
      return resolveHandshake(read, transport, settings, deps).then((resolution) =>
        'resolved' in resolution ? resolution.resolved : cookiePath(read, settings, deps, resolution.failed),
      );
    },
    afterBearerFailure(request, token, error) {
      const failure = asVerificationError(error);
      if (!isTimeFailure(failure.reason)) return undefined;
      const read = readBrowserRequest(request, settings, deps, deps.now());
      if ('ambiguous' in read) return undefined;
      return afterVerificationFailure(
        read,
        settings,
        deps,
        failure,
        read.sessionCookie ?? token,
        NOTHING_CARRIED,
      );
    },
  };
}
