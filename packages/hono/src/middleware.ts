import {
  type AuthenticatorInput,
  ambiguousPathOutcome,
  authenticateEagerly,
  createTenantResolver,
  type RequestLike,
  type RequestState,
} from '@sessionguard/core';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { attach } from './attach.js';

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

function proceed(c: Context, next: Next, state: RequestState, signInUrl: string | undefined) {
  attach(c, state, signInUrl);
  c.set('auth', state.auth);
  for (const name in state.headers) c.header(name, state.headers[name]);
  return next();
}

/** Sets `c.get('auth')` and calls next; never answers itself, never reads the body. */
export function clerkMiddleware(input?: AuthenticatorInput<Context>): MiddlewareHandler {
  const authenticatorFor = createTenantResolver<Context>(input);
  // Not an async function: a cached token is answered at once, with no await before next().
  return (c, next) => {
    const authenticator = authenticatorFor(c);
    // SPEC §7.1, on the raw target where Node gives one (the Request URL is already normalized).
    const raw = (c.env as { incoming?: { url?: unknown } } | undefined)?.incoming?.url;
    const refusal = ambiguousPathOutcome(authenticator, typeof raw === 'string' ? raw : c.req.url);
    if (refusal !== undefined) {
      return Promise.resolve(c.newResponse(refusal.body, 400, refusal.headers));
    }
    const { signInUrl } = authenticator.options;
    const result = authenticateEagerly(authenticator, requestLikeOf(c));
    return result instanceof Promise
      ? result.then((state) => proceed(c, next, state, signInUrl))
      : proceed(c, next, result, signInUrl);
  };
}
