import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AuthenticatorInput, createTenantResolver } from '@sessionguard/core';
import { asRequestLike, attach } from './attach.js';

export type Next = (error?: unknown) => void;
export type Middleware<Req = IncomingMessage, Res = ServerResponse, N extends Next = Next> = (
  req: Req,
  res: Res,
  next: N,
) => void;

/** Attaches `req.auth` and calls next; never ends the response, never reads the body. */
export function clerkMiddleware<Req extends IncomingMessage = IncomingMessage>(
  input?: AuthenticatorInput<Req>,
): Middleware<Req, ServerResponse> {
  const authenticatorFor = createTenantResolver<Req>(input);
  return (req, res, next) => {
    let authenticator: ReturnType<typeof authenticatorFor>;
    try {
      authenticator = authenticatorFor(req);
    } catch (error) {
      next(error); // a throwing tenant function or bad tenant options: the app's error handler
      return;
    }
    authenticator.authenticateRequest(asRequestLike(req)).then((state) => {
      attach(req, state, authenticator.options.signInUrl);
      req.auth = state.auth;
      for (const name in state.headers) res.setHeader(name, state.headers[name]!);
      next();
    }, next);
  };
}
