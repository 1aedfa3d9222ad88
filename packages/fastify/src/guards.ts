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
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { attachedTo } from './attach.js';

/** Replaces the default response; like any Fastify hook it sends the reply itself. */
export type GuardHook = (request: FastifyRequest, reply: FastifyReply) => unknown;

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

/** Resolves to the reply when it answered (the request stops), to undefined when it lets it through. */
export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

function guard(decide: Decide, hooks: RequireAuthOptions & RequireReverificationOptions): Guard {
  return async (request, reply) => {
    const { state, signInUrl } = attachedTo(request);
    const decision = decide(state, request.raw, signInUrl);
    if (decision.kind === 'allow') return undefined;
    const hook =
      decision.kind === 'forbidden'
        ? hooks.onForbidden
        : decision.kind === 'needs-reverification'
          ? hooks.onNeedsReverification
          : hooks.onUnauthenticated;
    if (hook !== undefined) {
      await hook(request, reply);
      return reply;
    }
    // A Buffer is sent as is: no serializer, and no "; charset=utf-8" added to our content-type.
    const { status, headers, body } = decision.outcome;
    return reply.code(status).headers(headers).send(Buffer.from(body));
  };
}

export function requireAuth(options: RequireAuthOptions = {}): Guard & preHandlerAsyncHookHandler {
  return guard(createAuthGuard(options), options);
}

export function requireReverification(
  preset: ReverificationPreset | ReverificationConfig = 'strict',
  options: RequireReverificationOptions = {},
): Guard & preHandlerAsyncHookHandler {
  return guard(createReverificationGuard(preset, options), options);
}
