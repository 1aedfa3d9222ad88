import type { ReverificationConfig, ReverificationPreset } from '../auth/reverification.js';
import { ConfigurationError } from '../errors.js';
import type { RequestState } from '../request-state.js';
import type { RequestLike } from '../token/request-like.js';
import type { TokenType } from '../token/token-type.js';
import {
  type AuthGuardOptions,
  createAuthGuard,
  createReverificationGuard,
  type GuardDecision,
  type ReverificationGuardOptions,
} from './guards.js';
import { type HttpOutcome, jsonOutcome } from './http-outcome.js';
import { type TypeSet, typeSetOf } from './verified-types.js';

/** `requireAuth(opts)`: guard options plus hooks of the framework's own shape `H`. */
export interface RequireAuthOptions<H> extends AuthGuardOptions {
  /** Replaces the 401/307, and the 503 when the key set is unavailable. */
  onUnauthenticated?: H;
  /** Replaces the 403 when role/permission/feature/plan/scope is missing. */
  onForbidden?: H;
}

/** `requireReverification(preset, opts)`: guard options plus hooks of the framework's own shape `H`. */
export interface RequireReverificationOptions<H> extends ReverificationGuardOptions {
  onUnauthenticated?: H;
  onNeedsReverification?: H;
}

/** A refusal: the hook that replaces the default response, if the app gave one, and that response. */
export interface Refusal<H> {
  hook: H | undefined;
  outcome: HttpOutcome;
  /**
   * Set when the guard accepts the presented token's type but the middleware did not verify it:
   * an adapter verifies it (authenticateRequest with these types), attaches the state and checks
   * again, once; one that does not answers `outcome` (401, fail closed).
   */
  verifyWith?: readonly TokenType[];
}

/** A compiled guard: undefined lets the request through. */
export interface GuardCheck<H> {
  (state: RequestState, request: RequestLike, signInUrl?: string): Refusal<H> | undefined;
  /** The token types it verifies (requireAuth's acceptsToken), recorded per request for getAuth (§9.2). */
  readonly verifies?: TypeSet;
}

type Hooks<H> = RequireAuthOptions<H> & RequireReverificationOptions<H>;

type Decide = (state: RequestState, request: RequestLike, signInUrl?: string) => GuardDecision;

function withHooks<H>(decide: Decide, hooks: Hooks<H>): GuardCheck<H> {
  return (state, request, signInUrl) => {
    const decision = decide(state, request, signInUrl);
    switch (decision.kind) {
      case 'allow':
        return undefined;
      case 'forbidden':
        return { hook: hooks.onForbidden, outcome: decision.outcome };
      case 'needs-reverification':
        return { hook: hooks.onNeedsReverification, outcome: decision.outcome };
      case 'needs-verification':
        return { hook: hooks.onUnauthenticated, outcome: decision.outcome, verifyWith: decision.verifyWith };
      default:
        return { hook: hooks.onUnauthenticated, outcome: decision.outcome };
    }
  };
}

/** One RFC 6749 §3.3 scope-token: printable ASCII without space, quote or backslash. */
const SCOPE_TOKEN = /^[\x21\x23-\x5b\x5d-\x7e]+$/;

/**
 * `requireAuth({ scope })`: whatever the token's type (a session token from any issuer, an API key,
 * M2M, OAuth), its `has({ scope })` must hold (SPEC §5, §6). A failure is the one 403 body of every
 * failed `has()`, with the scope named in the challenge (RFC 6750 §3).
 */
function withScope(decide: Decide, scope: unknown): Decide {
  if (typeof scope !== 'string' || !SCOPE_TOKEN.test(scope)) {
    throw new ConfigurationError(
      'invalid-option',
      `requireAuth({ scope }): ${JSON.stringify(scope) ?? String(scope)} is not one OAuth scope; give one scope of printable ASCII without spaces, quotes or backslashes (RFC 6749 §3.3), e.g. requireAuth({ scope: 'read:messages' }), and one guard per scope to require several.`,
    );
  }
  const refused = jsonOutcome(
    403,
    { error: 'forbidden' },
    { 'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
  );
  const check = { scope };
  return (state, request, signInUrl) => {
    const decision = decide(state, request, signInUrl);
    if (decision.kind === 'forbidden' || (decision.kind === 'allow' && !state.auth.has(check))) {
      return { kind: 'forbidden', outcome: { ...refused, headers: { ...refused.headers } } };
    }
    return decision;
  };
}

/** Builds `requireAuth(opts)` once; every adapter runs the same check. */
export function requireAuthCheck<H>(options: RequireAuthOptions<H> = {}): GuardCheck<H> {
  // The scope is checked here for every token type; the other dimensions by the guard as before.
  const { scope, ...others } = options;
  const decide = scope === undefined ? createAuthGuard(options) : withScope(createAuthGuard(others), scope);
  // acceptsToken was checked by createAuthGuard: its types are known good here.
  const verifies = typeSetOf(options.acceptsToken ?? 'session_token');
  return Object.assign(withHooks(decide, options), { verifies });
}

/** Builds `requireReverification(preset, opts)` once; every adapter runs the same check. */
export function requireReverificationCheck<H>(
  preset: ReverificationPreset | ReverificationConfig = 'strict',
  options: RequireReverificationOptions<H> = {},
): GuardCheck<H> {
  return withHooks(createReverificationGuard(preset, options), options);
}
