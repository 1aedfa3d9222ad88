import { type AuthenticatorInput, createTenantResolver } from '@sessionguard/core';
import type { Context, MiddlewareHandler } from 'hono';
import { attach } from './attach.js';

/** Sets `c.get('auth')` and calls next; never answers itself, never reads the body. */
export function clerkMiddleware(input?: AuthenticatorInput<Context>): MiddlewareHandler {
  const authenticatorFor = createTenantResolver<Context>(input);
  return async (c, next) => {
    const authenticator = authenticatorFor(c);
    const state = await authenticator.authenticateRequest(c.req.raw);
    attach(c, state, authenticator.options.signInUrl);
    c.set('auth', state.auth);
    for (const name in state.headers) c.header(name, state.headers[name]);
    await next();
  };
}
