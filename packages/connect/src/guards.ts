import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AuthGuardOptions,
  createAuthGuard,
  createReverificationGuard,
  type GuardDecision,
  type HttpOutcome,
  type RequestLike,
  type RequestState,
  type ReverificationConfig,
  type ReverificationGuardOptions,
  type ReverificationPreset,
} from '@sessionguard/core';
import { asRequestLike, attachedTo } from './attach.js';
import type { Middleware, Next } from './middleware.js';

/** Replaces the default response; it gets the framework's own arguments. */
export type GuardHook<Req, Res, N extends Next = Next> = (req: Req, res: Res, next: N) => unknown;

export interface RequireAuthOptions<Req = IncomingMessage, Res = ServerResponse, N extends Next = Next>
  extends AuthGuardOptions {
  /** Signed out, or the key set is unavailable (503). */
  onUnauthenticated?: GuardHook<Req, Res, N>;
  /** Signed in, but role/permission/feature/plan is missing. */
  onForbidden?: GuardHook<Req, Res, N>;
}

export interface RequireReverificationOptions<
  Req = IncomingMessage,
  Res = ServerResponse,
  N extends Next = Next,
> extends ReverificationGuardOptions {
  onUnauthenticated?: GuardHook<Req, Res, N>;
  onNeedsReverification?: GuardHook<Req, Res, N>;
}

type Decide = (state: RequestState, request: RequestLike, signInUrl?: string) => GuardDecision;
type Hooks<Req, Res, N extends Next> = RequireAuthOptions<Req, Res, N> &
  RequireReverificationOptions<Req, Res, N>;

export function writeOutcome(res: ServerResponse, outcome: HttpOutcome): void {
  res.statusCode = outcome.status;
  for (const name in outcome.headers) res.setHeader(name, outcome.headers[name]!);
  res.end(outcome.body);
}

function guard<Req extends IncomingMessage, Res extends ServerResponse, N extends Next>(
  decide: Decide,
  hooks: Hooks<Req, Res, N>,
): Middleware<Req, Res, N> {
  return (req, res, next) => {
    let decision: GuardDecision;
    try {
      const { state, signInUrl } = attachedTo(req);
      decision = decide(state, asRequestLike(req), signInUrl);
    } catch (error) {
      next(error);
      return;
    }
    if (decision.kind === 'allow') return next();
    const hook =
      decision.kind === 'forbidden'
        ? hooks.onForbidden
        : decision.kind === 'needs-reverification'
          ? hooks.onNeedsReverification
          : hooks.onUnauthenticated;
    if (hook === undefined) return writeOutcome(res, decision.outcome);
    Promise.resolve()
      .then(() => hook(req, res, next))
      .catch(next);
  };
}

export function requireAuth<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
>(options: RequireAuthOptions<Req, Res> = {}): Middleware<Req, Res> {
  return guard(createAuthGuard(options), options);
}

export function requireReverification<
  Req extends IncomingMessage = IncomingMessage,
  Res extends ServerResponse = ServerResponse,
  N extends Next = Next,
>(
  preset: ReverificationPreset | ReverificationConfig = 'strict',
  options: RequireReverificationOptions<Req, Res, N> = {},
): Middleware<Req, Res, N> {
  return guard(createReverificationGuard(preset, options), options);
}
