import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type AuthenticatorInput,
  ambiguousPathOutcome,
  authenticateEagerly,
  createTenantResolver,
  type RequestState,
} from '@sessionguard/core';
import { asRequestLike, attach } from './attach.js';
import { exposeAuth } from './auth-property.js';
import { writeOutcome } from './guards.js';

export type Next = (error?: unknown) => void;
export type Middleware<Req = IncomingMessage, Res = ServerResponse, N extends Next = Next> = (
  req: Req,
  res: Res,
  next: N,
) => void;

function proceed(
  req: IncomingMessage,
  res: ServerResponse,
  next: Next,
  state: RequestState,
  signInUrl: string | undefined,
): void {
  attach(req, state, signInUrl);
  exposeAuth(req, state.auth);
  for (const name in state.headers) res.setHeader(name, state.headers[name]!);
  next();
}

/** Attaches `req.auth` and calls next; never ends the response, never reads the body. */
export function clerkMiddleware<Req extends IncomingMessage = IncomingMessage>(
  input?: AuthenticatorInput<Req>,
): Middleware<Req, ServerResponse> {
  const authenticatorFor = createTenantResolver<Req>(input);
  return (req, res, next) => {
    let authenticator: ReturnType<typeof authenticatorFor>;
    let result: RequestState | Promise<RequestState>;
    try {
      authenticator = authenticatorFor(req);
      // SPEC §7.1: a path routers could read two ways is answered 400 before any route runs.
      const refusal = ambiguousPathOutcome(
        authenticator,
        (req as { originalUrl?: string }).originalUrl ?? req,
      );
      if (refusal !== undefined) return writeOutcome(res, refusal);
      result = authenticateEagerly(authenticator, asRequestLike(req));
    } catch (error) {
      next(error); // a throwing tenant function or bad tenant options: the app's error handler
      return;
    }
    const { signInUrl } = authenticator.options;
    // A cached token is answered at once: no promise, no closure, no microtask before the route runs.
    if (result instanceof Promise) result.then((state) => proceed(req, res, next, state, signInUrl), next);
    else proceed(req, res, next, result, signInUrl);
  };
}
