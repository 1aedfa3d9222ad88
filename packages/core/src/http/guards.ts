import type { HasCheck } from '../auth/has.js';
import {
  type ReverificationConfig,
  type ReverificationPreset,
  resolveReverification,
} from '../auth/reverification.js';
import { isInfrastructureReason, TokenVerificationErrorReason as Reason } from '../errors.js';
import { acceptedTypes } from '../options.js';
import type { RequestState } from '../request-state.js';
import { createGuardMatcher, type RoutePattern } from '../routes/route-matcher.js';
import { type RequestLike, readHeader, requestMethod, requestUrl } from '../token/request-like.js';
import type { AcceptsToken, TokenType } from '../token/token-type.js';
import { AUTH_GUARD_OPTIONS, checkGuardOptions, REVERIFICATION_GUARD_OPTIONS } from './guard-options.js';
import { type HttpOutcome, jsonOutcome } from './http-outcome.js';
import { tokenWasSent } from './token-sent.js';

/** Seconds a client should wait before retrying when the issuer's keys cannot be loaded. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

export type GuardDecision =
  | { kind: 'allow' }
  | { kind: 'unauthenticated'; outcome: HttpOutcome }
  | { kind: 'unavailable'; outcome: HttpOutcome }
  | { kind: 'forbidden'; outcome: HttpOutcome }
  /**
   * The presented token is of a type this guard accepts but the middleware did not verify (§9.2):
   * verify it with `acceptsToken: verifyWith`, attach the result and decide again (once per
   * request). `outcome` is the 401 for a caller that cannot: it fails closed.
   */
  | { kind: 'needs-verification'; outcome: HttpOutcome; verifyWith: readonly TokenType[] }
  | { kind: 'needs-reverification'; outcome: HttpOutcome; reverification: ReverificationConfig };

const ALLOW: GuardDecision = Object.freeze({ kind: 'allow' });

export interface AuthGuardOptions extends Pick<HasCheck, 'role' | 'permission' | 'feature' | 'plan'> {
  /** Overrides the authenticator's `signInUrl` for this guard. */
  signInUrl?: string;
  /** The token types this route accepts (default `'session_token'`), SPEC §9.2. */
  acceptsToken?: AcceptsToken;
  /**
   * One OAuth scope that `has({ scope })` must grant, whatever the token's type, else 403 with
   * `insufficient_scope` and the scope named in the challenge (SPEC §6; requireAuthCheck checks it).
   */
  scope?: string;
}

export interface ReverificationGuardOptions {
  /** Only guard these paths (install app-wide and let the guard pick its routes). */
  routes?: RoutePattern[];
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** A browser loading a page (not fetch/XHR): redirecting it to sign in is what its user wants. */
function isBrowserNavigation(request: RequestLike): boolean {
  if (requestMethod(request) !== 'GET') return false;
  const accept = readHeader(request, 'accept');
  return (Array.isArray(accept) ? accept.join(',') : (accept ?? '')).includes('text/html');
}

function originalUrl(request: RequestLike): string {
  const url = requestUrl(request);
  if (/^https?:\/\//i.test(url)) return url;
  const host = firstValue(readHeader(request, 'host')) ?? 'localhost';
  const forwarded = firstValue(readHeader(request, 'x-forwarded-proto'))?.split(',')[0]?.trim().toLowerCase();
  const protocol = forwarded === 'https' ? 'https' : 'http';
  return `${protocol}://${host}${url.startsWith('/') ? url : `/${url}`}`;
}

function signInRedirect(signInUrl: string, request: RequestLike): HttpOutcome {
  const redirectUrl = encodeURIComponent(originalUrl(request));
  const hashAt = signInUrl.indexOf('#');
  const base = hashAt === -1 ? signInUrl : signInUrl.slice(0, hashAt);
  const hash = hashAt === -1 ? '' : signInUrl.slice(hashAt);
  const location = `${base}${base.includes('?') ? '&' : '?'}redirect_url=${redirectUrl}${hash}`;
  return { status: 307, headers: { location }, body: '' };
}

/** RFC 6750: a bare challenge when no token was sent, `invalid_token` with the reason when one was. */
function unauthenticated(
  reason: string,
  tokenSent = reason !== Reason.SessionTokenMissing && reason !== Reason.RouteExcluded,
): HttpOutcome {
  return jsonOutcome(
    401,
    { error: 'unauthenticated', reason },
    {
      'www-authenticate': tokenSent
        ? `Bearer error="invalid_token", error_description="${reason}"`
        : 'Bearer',
    },
  );
}

/** The decision for a signed-out request, shared by every guard. */
function signedOutDecision(
  state: RequestState,
  request: RequestLike,
  signInUrl: string | undefined,
): GuardDecision {
  if (state.reason !== null && isInfrastructureReason(state.reason)) {
    return {
      kind: 'unavailable',
      outcome: jsonOutcome(
        503,
        { error: 'auth_unavailable' },
        { 'retry-after': String(UNAVAILABLE_RETRY_AFTER_SECONDS) },
      ),
    };
  }
  if (signInUrl !== undefined && isBrowserNavigation(request)) {
    return { kind: 'unauthenticated', outcome: signInRedirect(signInUrl, request) };
  }
  const reason = state.reason ?? Reason.SessionTokenMissing;
  return { kind: 'unauthenticated', outcome: unauthenticated(reason, tokenWasSent(state, request)) };
}

/** A guard meeting a token of a type it does not accept (§9.2). */
const MACHINE_TOKEN_REFUSED_OUTCOME: HttpOutcome = Object.freeze(unauthenticated(Reason.TokenTypeMismatch));

function machineTokenRefused(): GuardDecision {
  return { kind: 'unauthenticated', outcome: copy(MACHINE_TOKEN_REFUSED_OUTCOME) };
}

const FORBIDDEN: HttpOutcome = jsonOutcome(
  403,
  { error: 'forbidden' },
  { 'www-authenticate': 'Bearer error="insufficient_scope"' },
);

function copy(outcome: HttpOutcome): HttpOutcome {
  return { ...outcome, headers: { ...outcome.headers } };
}

/** `requireAuth(opts)`, compiled once: signed in with an accepted type, and passing `has()` for whatever opts ask. */
export function createAuthGuard(
  options: AuthGuardOptions = {},
): (state: RequestState, request: RequestLike, defaultSignInUrl?: string) => GuardDecision {
  checkGuardOptions(options, AUTH_GUARD_OPTIONS, 'requireAuth(...)');
  const { signInUrl, role, permission, feature, plan } = options;
  const accepts = acceptedTypes(options.acceptsToken);
  const acceptsSession = accepts.includes('session_token');
  const check: HasCheck = {};
  if (role !== undefined) check.role = role;
  if (permission !== undefined) check.permission = permission;
  if (feature !== undefined) check.feature = feature;
  if (plan !== undefined) check.plan = plan;
  const needsCheck = Object.keys(check).length > 0;
  // Built once: on an API-key route every request asks for verification. Its frozen outcome is
  // answered only when the verification cannot run, and runGuard copies it then.
  const needsVerification: GuardDecision = Object.freeze({
    kind: 'needs-verification',
    outcome: MACHINE_TOKEN_REFUSED_OUTCOME,
    verifyWith: accepts,
  });
  return (state, request, defaultSignInUrl) => {
    const auth = state.auth;
    const presented = state.tokenType;
    // A token of a type we accept that the middleware refused only for its type: verify it now.
    if (
      !auth.isAuthenticated &&
      presented !== null &&
      presented !== 'session_token' &&
      state.reason === Reason.TokenTypeMismatch &&
      accepts.includes(presented)
    ) {
      return needsVerification;
    }
    if (!auth.isAuthenticated) return signedOutDecision(state, request, signInUrl ?? defaultSignInUrl);
    if (auth.tokenType === 'session_token' ? !acceptsSession : !accepts.includes(auth.tokenType)) {
      return machineTokenRefused();
    }
    // has() for every token type: a machine token has no role, permission, feature or plan. The
    // scope, also every type's, is checked around this guard (guard-checks.ts, withScope).
    if (needsCheck && !auth.has(check)) return { kind: 'forbidden', outcome: copy(FORBIDDEN) };
    return ALLOW;
  };
}

/** Clerk's client reads this body to start the step-up flow; RFC 9470 describes it for everyone else. */
function reverificationOutcome(config: ReverificationConfig): HttpOutcome {
  return jsonOutcome(
    403,
    {
      clerk_error: {
        type: 'forbidden',
        reason: 'reverification-error',
        metadata: { reverification: { level: config.level, afterMinutes: config.afterMinutes } },
      },
    },
    {
      'www-authenticate': `Bearer error="insufficient_user_authentication", error_description="reverification required", max_age="${Math.round(config.afterMinutes * 60)}"`,
    },
  );
}

/** `requireReverification(preset, opts)`, compiled once. An invalid preset is a programming error. */
export function createReverificationGuard(
  preset: ReverificationPreset | ReverificationConfig = 'strict',
  options: ReverificationGuardOptions = {},
): (state: RequestState, request: RequestLike, defaultSignInUrl?: string) => GuardDecision {
  checkGuardOptions(options, REVERIFICATION_GUARD_OPTIONS, 'requireReverification(preset, ...)');
  const config = resolveReverification(preset);
  if (config === undefined) {
    throw new TypeError(
      `requireReverification: unknown preset ${JSON.stringify(preset)}; use strict_mfa, strict, moderate, lax, or { level, afterMinutes > 0 }.`,
    );
  }
  // An ambiguous path (only seen with rejectAmbiguousPaths off) is in scope: fail closed.
  const inScope =
    options.routes === undefined
      ? undefined
      : createGuardMatcher(options.routes, 'requireReverification({ routes })');
  const outcome = reverificationOutcome(config);
  return (state, request, defaultSignInUrl) => {
    if (inScope !== undefined && !inScope(requestUrl(request))) return ALLOW;
    const auth = state.auth;
    if (!auth.isAuthenticated) return signedOutDecision(state, request, defaultSignInUrl);
    if (auth.tokenType !== 'session_token') return machineTokenRefused();
    if (auth.needsReverification(config)) {
      return {
        kind: 'needs-reverification',
        outcome: { ...outcome, headers: { ...outcome.headers } },
        reverification: config,
      };
    }
    return ALLOW;
  };
}
