import type {
  RequireAuthOptions as CoreRequireAuthOptions,
  RequireReverificationOptions as CoreRequireReverificationOptions,
} from '@sessionguard/core';
import {
  createGuardFactories,
  type GuardCheck,
  replaceDebugHeaders,
  runGuard,
  type StateReplaced,
} from '@sessionguard/core/adapter';
import type { FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { attachments } from './attach.js';

/** Replaces the default response; like any Fastify hook it sends the reply itself. */
export type GuardHook = (request: FastifyRequest, reply: FastifyReply) => unknown;
export type RequireAuthOptions = CoreRequireAuthOptions<GuardHook>;
export type RequireReverificationOptions = CoreRequireReverificationOptions<GuardHook>;

/** Whether the reply is on its way (sent by another hook, a response timeout, say). */
export function replySent(reply: FastifyReply): boolean {
  return reply.sent || reply.raw.headersSent;
}

/** Resolves to the reply when it answered (the request stops), to undefined when it lets it through. */
export type Guard = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;

/** A guard's verification replaced the state: the debug headers follow it (`request.auth` reads it live). */
const stateReplaced: StateReplaced<FastifyRequest, FastifyReply> = (_request, reply, previous, next) =>
  replaceDebugHeaders(
    previous,
    next,
    (name) => reply.removeHeader(name),
    (name, value) => reply.header(name, value),
  );

function guard(check: GuardCheck<GuardHook>): Guard & preHandlerAsyncHookHandler {
  return async (request, reply) => {
    const refusal = await runGuard(check, attachments, request, reply, request.raw, stateReplaced);
    // A timeout answered while we verified: the result is dropped, and the request stops here.
    if (replySent(reply)) return reply;
    if (refusal === undefined) return undefined;
    if (refusal.hook !== undefined) {
      await refusal.hook(request, reply);
      return reply;
    }
    // A Buffer is sent as is: no serializer, and no "; charset=utf-8" added to our content-type.
    const { status, headers, body } = refusal.outcome;
    return reply.code(status).headers(headers).send(Buffer.from(body));
  };
}

// `callWithParentheses` takes nothing: it keeps `{ preHandler: requireAuth }` from type-checking, and
// at run time it is where Fastify's (reply, done) arrive when that was written anyway.
export const { requireAuth, requireReverification } = createGuardFactories(guard, {
  requireAuth: '{ preHandler: requireAuth() }',
  requireReverification: "{ preHandler: requireReverification('strict') }",
});
