import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  RequireAuthOptions as CoreRequireAuthOptions,
  RequireReverificationOptions as CoreRequireReverificationOptions,
  ReverificationConfig,
  ReverificationPreset,
} from '@sessionguard/core';
import {
  type GuardCheck,
  type HttpOutcome,
  requireAuthCheck,
  requireReverificationCheck,
} from '@sessionguard/core/adapter';
import { asRequestLike, attachedTo } from './attach.js';
import type { Middleware, Next } from './middleware.js';
import { notCalled } from './not-called.js';

/** Replaces the default response; it gets the framework's own arguments. */
export type GuardHook<Req, Res, N extends Next = Next> = (req: Req, res: Res, next: N) => unknown;
export type RequireAuthOptions<
  Req = IncomingMessage,
  Res = ServerResponse,
  N extends Next = Next,
> = CoreRequireAuthOptions<GuardHook<Req, Res, N>>;
export type RequireReverificationOptions<
  Req = IncomingMessage,
  Res = ServerResponse,
  N extends Next = Next,
> = CoreRequireReverificationOptions<GuardHook<Req, Res, N>>;

export function writeOutcome(res: ServerResponse, outcome: HttpOutcome): void {
  res.statusCode = outcome.status;
  for (const name in outcome.headers) res.setHeader(name, outcome.headers[name]!);
  res.end(outcome.body);
}

function guard<Req extends IncomingMessage, Res extends ServerResponse, N extends Next>(
  check: GuardCheck<GuardHook<Req, Res, N>>,
): Middleware<Req, Res, N> {
  return (req, res, next) => {
    let refusal: ReturnType<typeof check>;
    try {
      const { state, signInUrl } = attachedTo(req);
      refusal = check(state, asRequestLike(req), signInUrl);
    } catch (error) {
      next(error);
      return;
    }
    if (refusal === undefined) return next();
    const { hook, outcome } = refusal;
    if (hook === undefined) return writeOutcome(res, outcome);
    Promise.resolve()
      .then(() => hook(req, res, next))
      .catch(next);
  };
}

// `callWithParentheses` takes nothing: see clerkMiddleware.
export function requireAuth<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
>(options: RequireAuthOptions<Req, Res> = {}, ...callWithParentheses: never[]): Middleware<Req, Res> {
  if (callWithParentheses.length > 0) {
    return notCalled(callWithParentheses, 'requireAuth', 'app.get(path, requireAuth(), handler)');
  }
  return guard(requireAuthCheck(options));
}

export function requireReverification<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
  N extends Next = Next,
>(
  preset: ReverificationPreset | ReverificationConfig = 'strict',
  options: RequireReverificationOptions<Req, Res, N> = {},
  ...callWithParentheses: never[]
): Middleware<Req, Res, N> {
  if (callWithParentheses.length > 0) {
    return notCalled(
      callWithParentheses,
      'requireReverification',
      "app.post(path, requireReverification('strict'), handler)",
    );
  }
  return guard(requireReverificationCheck(preset, options));
}
