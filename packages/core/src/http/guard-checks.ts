import type { ReverificationConfig, ReverificationPreset } from '../auth/reverification.js';
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
import type { HttpOutcome } from './http-outcome.js';

/** `requireAuth(opts)`: guard options plus hooks of the framework's own shape `H`. */
export interface RequireAuthOptions<H> extends AuthGuardOptions {
  /** Replaces the 401/307, and the 503 when the key set is unavailable. */
  onUnauthenticated?: H;
  /** Replaces the 403 when role/permission/feature/plan is missing. */
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
export type GuardCheck<H> = (
  state: RequestState,
  request: RequestLike,
  signInUrl?: string,
) => Refusal<H> | undefined;

type Hooks<H> = RequireAuthOptions<H> & RequireReverificationOptions<H>;

function withHooks<H>(
  decide: (state: RequestState, request: RequestLike, signInUrl?: string) => GuardDecision,
  hooks: Hooks<H>,
): GuardCheck<H> {
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

/** Builds `requireAuth(opts)` once; every adapter runs the same check. */
export function requireAuthCheck<H>(options: RequireAuthOptions<H> = {}): GuardCheck<H> {
  return withHooks(createAuthGuard(options), options);
}

/** Builds `requireReverification(preset, opts)` once; every adapter runs the same check. */
export function requireReverificationCheck<H>(
  preset: ReverificationPreset | ReverificationConfig = 'strict',
  options: RequireReverificationOptions<H> = {},
): GuardCheck<H> {
  return withHooks(createReverificationGuard(preset, options), options);
}
