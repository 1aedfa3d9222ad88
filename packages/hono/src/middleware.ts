import {
  type AuthenticatorInput,
  FactoryNotCalledError,
  type RequestLike,
  type RequestState,
} from '@sessionguard/core';
import {
  createAuthenticateAndAttach,
  createTenantResolver,
  type HttpOutcome,
  isPromise,
  isRefusal,
  sessionAuthOf,
} from '@sessionguard/core/adapter';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { attachments } from './attach.js';

/** The parts of Node's IncomingMessage we read (no `node:` import: this package runs anywhere). */
interface NodeIncoming {
  headers: Record<string, string | string[] | undefined>;
  rawHeaders: string[];
}

/**
 * On @hono/node-server, `c.env.incoming` is Node's request. Reading `c.req.raw.headers` there makes
 * the server build a WHATWG Headers object on every request; Node's header record is already parsed.
 * The core reads only `authorization` and `cookie` (and counts raw Authorization headers), which read
 * the same from both. The URL is Hono's, as before.
 */
function requestLikeOf(c: Context): RequestLike {
  const incoming = (c.env as { incoming?: Partial<NodeIncoming> } | undefined)?.incoming;
  if (
    typeof incoming === 'object' &&
    incoming !== null &&
    typeof incoming.headers === 'object' &&
    incoming.headers !== null &&
    typeof (incoming.headers as { get?: unknown }).get !== 'function' &&
    Array.isArray(incoming.rawHeaders)
  ) {
    return {
      method: c.req.method,
      url: c.req.url,
      headers: incoming.headers,
      rawHeaders: incoming.rawHeaders,
    };
  }
  return c.req.raw;
}

/** On @hono/node-server the target as it came off the wire: the Request URL is already normalized. */
function requestTarget(c: Context): string {
  const raw = (c.env as { incoming?: { url?: unknown } } | undefined)?.incoming?.url;
  return typeof raw === 'string' ? raw : c.req.url;
}

/** SPEC §7.1's 400, §12.4's 307: answered before any route runs, every Set-Cookie its own header. */
function answer(outcome: HttpOutcome): Response {
  const headers = new Headers(outcome.headers);
  for (const value of outcome.setCookie ?? []) headers.append('set-cookie', value);
  return new Response(outcome.body === '' ? null : outcome.body, { status: outcome.status, headers });
}

function proceed(c: Context, next: Next, state: RequestState | HttpOutcome): ReturnType<MiddlewareHandler> {
  if (isRefusal(state)) return Promise.resolve(answer(state));
  c.set('auth', sessionAuthOf(state));
  for (const name in state.headers) c.header(name, state.headers[name]);
  // Appended: the route's own cookies (c.header(..., { append: true }), setCookie()) join them.
  const cookies = state.setCookie;
  if (cookies?.length) for (const value of cookies) c.header('set-cookie', value, { append: true });
  return next();
}

/**
 * Sets `c.get('auth')` and calls next; never answers itself, never reads the body.
 * `callWithParentheses` takes nothing: it keeps `app.use('*', clerkMiddleware)` from type-checking,
 * and at run time it is where Hono's `next` arrives when that was written anyway.
 */
export function clerkMiddleware(
  input?: AuthenticatorInput<Context>,
  ...callWithParentheses: never[]
): MiddlewareHandler {
  if (callWithParentheses.length > 0) {
    throw new FactoryNotCalledError('clerkMiddleware', "app.use('*', clerkMiddleware())");
  }
  const authenticate = createAuthenticateAndAttach<Context>(
    createTenantResolver<Context>(input),
    attachments,
    requestLikeOf,
    requestTarget,
  );
  // Not an async function: a cached token is answered at once, with no await before next().
  // What it throws or rejects with (a failing tenant function, bad tenant options) is Hono's onError.
  return (c, next) => {
    const result = authenticate(c);
    if (result === undefined) return next(); // a second clerkMiddleware: the first one's result stays
    if (!isPromise(result)) return proceed(c, next, result);
    // A slow tenant function or verification may end after a timeout middleware answered (the context
    // is finalized): its result, or its error, is dropped then, and next is not called.
    return result.then(
      (state) => (c.finalized ? undefined : proceed(c, next, state)),
      (error: unknown) => {
        if (!c.finalized) throw error;
      },
    );
  };
}
