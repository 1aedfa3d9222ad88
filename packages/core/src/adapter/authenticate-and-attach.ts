import { type AnyAuthenticator, authenticateEagerly } from '../authenticator.js';
import type { Attachments } from '../http/attachments.js';
import type { HttpOutcome } from '../http/http-outcome.js';
import type { RequestState } from '../request-state.js';
import type { TenantResolver } from '../tenant.js';
import type { RequestLike } from '../token/request-like.js';
import { isPromise, type MaybePromise } from '../types/maybe-promise.js';
import { ambiguousPathOutcome } from './path-refusal.js';
import { createSecondMiddlewareWarning } from './second-middleware.js';
import { answersItself, redirectOutcome } from './state-answer.js';

/**
 * What `clerkMiddleware` does with one request, the framework aside:
 * - a request that already carries our auth (a second `clerkMiddleware`) keeps it: `undefined`, no work
 *   (one warning per middleware when it was given something else than the first);
 * - else the tenant is resolved (a tenant function may be async); a path that routers could read two
 *   ways comes back as the 400 to answer (SPEC §7.1), before any route runs; else the request is
 *   authenticated and the state attached; a state with a location (a handshake, a development
 *   resolution: SPEC §12.4) comes back as the 307 to answer, with its headers and cookies. The state comes back as is when both were at hand (a cached token: no promise, no
 *   microtask before the route runs), else as a promise.
 * Throws, or rejects, when the tenant function fails or its options cannot work; the adapter gives that
 * to the app's error path.
 */
export type AuthenticateAndAttach<Req> = (
  request: Req,
) => MaybePromise<RequestState | HttpOutcome> | undefined;

/**
 * Tells the two answers of AuthenticateAndAttach apart: an outcome's status is a number. An outcome
 * (a 400 or a 307) is written as it is, `setCookie` included; the route never runs.
 */
export function isRefusal(result: RequestState | HttpOutcome): result is HttpOutcome {
  return typeof result.status === 'number';
}

export function createAuthenticateAndAttach<Req extends object>(
  resolveTenant: TenantResolver<Req>,
  attachments: Attachments<Req>,
  toRequestLike: (request: Req) => RequestLike,
  /** The request target as it came off the wire (Node's `req.url`), else the request's URL. */
  requestTarget: (request: Req) => string,
): AuthenticateAndAttach<Req> {
  function authenticateWith(
    tenant: AnyAuthenticator,
    request: Req,
  ): MaybePromise<RequestState | HttpOutcome> {
    const refusal = ambiguousPathOutcome(tenant, requestTarget(request));
    if (refusal !== undefined) return refusal;
    // `options` is optional on an authenticator of your own: it then has no sign-in URL.
    const signInUrl = tenant.options?.signInUrl;
    // What getAuth may ask for (SPEC §9.2); unknown without options, and then never refused.
    const accepts = tenant.options?.acceptsToken;
    const result = authenticateEagerly(tenant, toRequestLike(request));
    if (!isPromise(result)) {
      attachments.attach(request, {
        state: result,
        signInUrl,
        verifier: tenant,
        source,
        accepts,
        guarded: 0,
      });
      return answersItself(result) ? redirectOutcome(result) : result;
    }
    return result.then((state) => {
      attachments.attach(request, { state, signInUrl, verifier: tenant, source, accepts, guarded: 0 });
      return answersItself(state) ? redirectOutcome(state) : state;
    });
  }
  const { source } = resolveTenant;
  const secondMiddleware = createSecondMiddlewareWarning(source);
  return (request) => {
    const attached = attachments.find(request);
    if (attached !== undefined) {
      secondMiddleware(attached.source);
      return undefined;
    }
    const tenant = resolveTenant(request);
    return isPromise(tenant)
      ? tenant.then((resolved) => authenticateWith(resolved, request))
      : authenticateWith(tenant, request);
  };
}
