import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
  RequireAuthOptions as CoreRequireAuthOptions,
  RequireReverificationOptions as CoreRequireReverificationOptions,
  ReverificationConfig,
  ReverificationPreset,
} from '@sessionguard/core';
import {
  type GuardCheck,
  isPromise,
  type MaybePromise,
  type Refusal,
  replaceDebugHeaders,
  requireAuthCheck,
  requireReverificationCheck,
  runGuard,
  type StateReplaced,
  sessionAuthOf,
} from '@sessionguard/core/adapter';
import { asRequestLike, attachments } from './attach.js';
import { exposeAuth } from './auth-accessor.js';
import { notCalled } from './not-called.js';
import { type Middleware, type Next, responseSent, whenUnsent, writeOutcome } from './response.js';

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

/** A guard's verification replaced the state: `req.auth` and the debug headers follow it. */
const stateReplaced: StateReplaced<IncomingMessage, ServerResponse> = (req, res, previous, next, late) => {
  exposeAuth(req, sessionAuthOf(next));
  // A timeout may have answered while a late verification ran: its headers are gone. (Asked only
  // then: on Express's per-request response prototype the two getters cost about a microsecond.)
  if (late && responseSent(res)) return;
  replaceDebugHeaders(
    previous,
    next,
    (name) => res.removeHeader(name),
    (name, value) => res.setHeader(name, value),
  );
};

function guard<Req extends IncomingMessage, Res extends ServerResponse, N extends Next>(
  check: GuardCheck<GuardHook<Req, Res, N>>,
): Middleware<Req, Res, N> {
  function answer(req: Req, res: Res, next: N, refusal: Refusal<GuardHook<Req, Res, N>> | undefined): void {
    if (refusal === undefined) {
      next();
      return;
    }
    const { hook, outcome } = refusal;
    if (hook === undefined) {
      writeOutcome(res, outcome);
      return;
    }
    Promise.resolve()
      .then(() => hook(req, res, next))
      .catch((error: unknown) => {
        if (!responseSent(res)) next(error);
      });
  }
  return (req, res, next) => {
    let refusal: MaybePromise<Refusal<GuardHook<Req, Res, N>> | undefined>;
    try {
      refusal = runGuard(check, attachments, req, res, asRequestLike(req), stateReplaced);
    } catch (error) {
      next(error);
      return;
    }
    if (isPromise(refusal)) whenUnsent(refusal, res, next, (decided) => answer(req, res, next, decided));
    else answer(req, res, next, refusal);
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
