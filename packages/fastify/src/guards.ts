import type {
  RequireAuthOptions as CoreRequireAuthOptions,
  RequireReverificationOptions as CoreRequireReverificationOptions,
} from '@sessionguard/core';
import {
  createGuardFactories,
  type GuardCheck,
  isPromise,
  type MaybePromise,
  type Refusal,
  replaceDebugHeaders,
  runGuard,
  type StateReplaced,
} from '@sessionguard/core/adapter';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction, preHandlerHookHandler } from 'fastify';
import { attachments } from './attach.js';

/** Replaces the default response; like any Fastify hook it sends the reply itself. */
export type GuardHook = (request: FastifyRequest, reply: FastifyReply) => unknown;
export type RequireAuthOptions = CoreRequireAuthOptions<GuardHook>;
export type RequireReverificationOptions = CoreRequireReverificationOptions<GuardHook>;

/** Whether the reply is on its way (sent by another hook, a response timeout, say). */
export function replySent(reply: FastifyReply): boolean {
  return reply.sent || reply.raw.headersSent;
}

/** The reply when it answered (the request stops), undefined when it lets it through. */
export type GuardResult = MaybePromise<FastifyReply | undefined>;

/**
 * A guard as Fastify runs it, `(request, reply, done)`: a callback hook, so a request whose answer is
 * at hand (a session token, a kept API-key verdict) goes on with no promise and no microtask. Called
 * with two arguments (the route `config` guards run them in turn) it returns its result instead.
 */
export interface Guard extends preHandlerHookHandler {
  (request: FastifyRequest, reply: FastifyReply): GuardResult;
}

/** A guard's verification replaced the state: the debug headers follow it (`request.auth` reads it live). */
const stateReplaced: StateReplaced<FastifyRequest, FastifyReply> = (_request, reply, previous, next) =>
  replaceDebugHeaders(
    previous,
    next,
    (name) => reply.removeHeader(name),
    (name, value) => reply.header(name, value),
  );

function guard(check: GuardCheck<GuardHook>): Guard {
  function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    refusal: Refusal<GuardHook> | undefined,
  ): GuardResult {
    // A timeout answered while we verified: the result is dropped, and the request stops here.
    if (replySent(reply)) return reply;
    if (refusal === undefined) return undefined;
    if (refusal.hook !== undefined) {
      const ran = refusal.hook(request, reply);
      return isPromise(ran) ? ran.then(() => reply) : reply;
    }
    // A Buffer is sent as is: no serializer, and no "; charset=utf-8" added to our content-type.
    const { status, headers, body } = refusal.outcome;
    return reply.code(status).headers(headers).send(Buffer.from(body));
  }
  function decide(request: FastifyRequest, reply: FastifyReply): GuardResult {
    const refusal = runGuard(check, attachments, request, reply, request.raw, stateReplaced);
    return isPromise(refusal)
      ? refusal.then((settled) => answer(request, reply, settled))
      : answer(request, reply, refusal);
  }
  return function fastifyGuard(
    this: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
    done?: HookHandlerDoneFunction,
  ): GuardResult {
    if (done === undefined) return decide(request, reply);
    let result: GuardResult;
    try {
      result = decide(request, reply);
    } catch (error) {
      done(error as Error);
      return undefined;
    }
    // An answered reply stops the request: done() is not called (Fastify's hooks skip a sent reply).
    if (!isPromise(result)) {
      if (result === undefined) done();
      return undefined;
    }
    result.then(
      (settled) => {
        if (settled === undefined) done();
      },
      (error: unknown) => {
        if (!replySent(reply)) done(error as Error);
      },
    );
    return undefined;
  } as Guard;
}

// `callWithParentheses` takes nothing: it keeps `{ preHandler: requireAuth }` from type-checking, and
// at run time it is where Fastify's (reply, done) arrive when that was written anyway.
export const { requireAuth, requireReverification } = createGuardFactories(guard, {
  requireAuth: '{ preHandler: requireAuth() }',
  requireReverification: "{ preHandler: requireReverification('strict') }",
});
