import {
  type RequireAuthOptions as CoreRequireAuthOptions,
  type RequireReverificationOptions as CoreRequireReverificationOptions,
  FactoryNotCalledError,
  type ReverificationConfig,
  type ReverificationPreset,
} from '@sessionguard/core';
import {
  type GuardCheck,
  type MaybePromise,
  requireAuthCheck,
  requireReverificationCheck,
} from '@sessionguard/core/adapter';
import type { Context, MiddlewareHandler } from 'hono';
import type { StatusCode } from 'hono/utils/http-status';
import { attachedTo } from './attach.js';

/** Replaces the default response. */
export type GuardHook = (c: Context) => MaybePromise<Response>;
export type RequireAuthOptions = CoreRequireAuthOptions<GuardHook>;
export type RequireReverificationOptions = CoreRequireReverificationOptions<GuardHook>;

function guard(check: GuardCheck<GuardHook>): MiddlewareHandler {
  return async (c, next) => {
    const { state, signInUrl } = attachedTo(c);
    const refusal = check(state, c.req.raw, signInUrl);
    if (refusal === undefined) return next();
    if (refusal.hook !== undefined) return refusal.hook(c);
    // c.newResponse keeps the headers set so far (the debug headers) and adds no content-type.
    const { status, headers, body } = refusal.outcome;
    return c.newResponse(body, status as StatusCode, headers); // core only makes valid statuses
  };
}

// `callWithParentheses` takes nothing: see clerkMiddleware. Hono calls an uncalled factory with
// (c, next); requireReverification then gets `next` where its options go.
export function requireAuth(
  options: RequireAuthOptions = {},
  ...callWithParentheses: never[]
): MiddlewareHandler {
  if (callWithParentheses.length > 0) {
    throw new FactoryNotCalledError('requireAuth', 'app.get(path, requireAuth(), handler)');
  }
  return guard(requireAuthCheck(options));
}

export function requireReverification(
  preset: ReverificationPreset | ReverificationConfig = 'strict',
  options: RequireReverificationOptions = {},
  ...callWithParentheses: never[]
): MiddlewareHandler {
  if (callWithParentheses.length > 0 || typeof (options as unknown) === 'function') {
    throw new FactoryNotCalledError(
      'requireReverification',
      "app.post(path, requireReverification('strict'), handler)",
    );
  }
  return guard(requireReverificationCheck(preset, options));
}
