import type {
  RequireAuthOptions as CoreRequireAuthOptions,
  RequireReverificationOptions as CoreRequireReverificationOptions,
} from '@sessionguard/core';
import {
  createGuardFactories,
  type GuardCheck,
  type MaybePromise,
  replaceDebugHeaders,
  runGuard,
  type StateReplaced,
  sessionAuthOf,
} from '@sessionguard/core/adapter';
import type { Context, MiddlewareHandler } from 'hono';
import type { StatusCode } from 'hono/utils/http-status';
import { attachments } from './attach.js';

/** Replaces the default response. */
export type GuardHook = (c: Context) => MaybePromise<Response>;
export type RequireAuthOptions = CoreRequireAuthOptions<GuardHook>;
export type RequireReverificationOptions = CoreRequireReverificationOptions<GuardHook>;

/** A guard's verification replaced the state: `c.get('auth')` and the debug headers follow it. */
const stateReplaced: StateReplaced<Context, undefined> = (c, _response, previous, next) => {
  c.set('auth', sessionAuthOf(next));
  if (c.finalized) return; // a timeout answered meanwhile: its response is not ours to change
  replaceDebugHeaders(
    previous,
    next,
    (name) => c.header(name, undefined),
    (name, value) => c.header(name, value),
  );
};

function guard(check: GuardCheck<GuardHook>): MiddlewareHandler {
  return async (c, next) => {
    let refusal: Awaited<ReturnType<typeof runGuard<Context, undefined, GuardHook>>>;
    try {
      refusal = await runGuard(check, attachments, c, undefined, c.req.raw, stateReplaced);
    } catch (error) {
      if (c.finalized) return; // a timeout answered while we verified: nothing to say any more
      throw error;
    }
    if (c.finalized) return; // the same, for a verification that ended: its result is dropped
    if (refusal === undefined) return next();
    if (refusal.hook !== undefined) return refusal.hook(c);
    // c.newResponse keeps the headers set so far (the debug headers) and adds no content-type.
    const { status, headers, body } = refusal.outcome;
    return c.newResponse(body, status as StatusCode, headers); // core only makes valid statuses
  };
}

// `callWithParentheses` takes nothing: see clerkMiddleware. Hono calls an uncalled factory with
// (c, next); requireReverification then gets `next` where its options go.
export const { requireAuth, requireReverification } = createGuardFactories(guard, {
  requireAuth: 'app.get(path, requireAuth(), handler)',
  requireReverification: "app.post(path, requireReverification('strict'), handler)",
});
