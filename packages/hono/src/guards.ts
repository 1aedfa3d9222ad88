import {
  type AuthGuardOptions,
  createAuthGuard,
  createReverificationGuard,
  type GuardDecision,
  type RequestLike,
  type RequestState,
  type ReverificationConfig,
  type ReverificationGuardOptions,
  type ReverificationPreset,
} from '@sessionguard/core';
import type { Context, MiddlewareHandler } from 'hono';
import type { StatusCode } from 'hono/utils/http-status';
import { attachedTo } from './attach.js';

/** Replaces the default response. */
export type GuardHook = (c: Context) => Response | Promise<Response>;

export interface RequireAuthOptions extends AuthGuardOptions {
  /** Signed out, or the key set is unavailable (503). */
  onUnauthenticated?: GuardHook;
  /** Signed in, but role/permission/feature/plan is missing. */
  onForbidden?: GuardHook;
}

export interface RequireReverificationOptions extends ReverificationGuardOptions {
  onUnauthenticated?: GuardHook;
  onNeedsReverification?: GuardHook;
}

type Decide = (state: RequestState, request: RequestLike, signInUrl?: string) => GuardDecision;

function guard(decide: Decide, hooks: RequireAuthOptions & RequireReverificationOptions): MiddlewareHandler {
  return async (c, next) => {
    const { state, signInUrl } = attachedTo(c);
    const decision = decide(state, c.req.raw, signInUrl);
    if (decision.kind === 'allow') return next();
    const hook =
      decision.kind === 'forbidden'
        ? hooks.onForbidden
        : decision.kind === 'needs-reverification'
          ? hooks.onNeedsReverification
          : hooks.onUnauthenticated;
    if (hook !== undefined) return hook(c);
    // c.newResponse keeps the headers set so far (the debug headers) and adds no content-type.
    const { status, headers, body } = decision.outcome;
    return c.newResponse(body, status as StatusCode, headers); // core only makes valid statuses
  };
}

export function requireAuth(options: RequireAuthOptions = {}): MiddlewareHandler {
  return guard(createAuthGuard(options), options);
}

export function requireReverification(
  preset: ReverificationPreset | ReverificationConfig = 'strict',
  options: RequireReverificationOptions = {},
): MiddlewareHandler {
  return guard(createReverificationGuard(preset, options), options);
}
