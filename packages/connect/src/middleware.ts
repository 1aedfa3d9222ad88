import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthenticatorInput, RequestState } from '@sessionguard/core';
import {
  createAuthenticateAndAttach,
  createTenantResolver,
  type HttpOutcome,
  isPromise,
  isRefusal,
  sessionAuthOf,
} from '@sessionguard/core/adapter';
import { asRequestLike, attachments } from './attach.js';
import { exposeAuth } from './auth-accessor.js';
import { notCalled } from './not-called.js';
import { appendSetCookie, type Middleware, type Next, whenUnsent, writeOutcome } from './response.js';

function proceed(
  req: IncomingMessage,
  res: ServerResponse,
  next: Next,
  state: RequestState | HttpOutcome,
): void {
  if (isRefusal(state)) {
    writeOutcome(res, state); // SPEC §7.1's 400, §12.4's 307: before any route runs
    return;
  }
  exposeAuth(req, sessionAuthOf(state));
  for (const name in state.headers) res.setHeader(name, state.headers[name]!);
  // Optional chaining: an authenticator of your own may hand out states without it.
  if (state.setCookie?.length) appendSetCookie(res, state.setCookie);
  next();
}

/**
 * Attaches `req.auth` and calls next; never ends the response, never reads the body.
 * `callWithParentheses` takes nothing: it keeps `app.use(clerkMiddleware)` from type-checking, and
 * at run time it is where the framework's arguments arrive when that was written anyway.
 */
export function clerkMiddleware<Req extends IncomingMessage = IncomingMessage>(
  input?: AuthenticatorInput<Req>,
  ...callWithParentheses: never[]
): Middleware<Req, ServerResponse> {
  if (callWithParentheses.length > 0) {
    return notCalled(callWithParentheses, 'clerkMiddleware', 'app.use(clerkMiddleware())');
  }
  const authenticate = createAuthenticateAndAttach<Req>(
    createTenantResolver<Req>(input),
    attachments,
    asRequestLike,
    requestTarget,
  );
  return (req, res, next) => {
    let result: ReturnType<typeof authenticate>;
    try {
      result = authenticate(req);
    } catch (error) {
      next(error); // a throwing tenant function or bad tenant options: the app's error handler
      return;
    }
    // A cached token is answered at once: no promise, no closure, no microtask before the route runs.
    if (result === undefined)
      next(); // a second clerkMiddleware: the first one's result stays
    // A slow tenant function or verification may end after a timeout middleware answered: dropped then.
    else if (isPromise(result)) whenUnsent(result, res, next, (state) => proceed(req, res, next, state));
    else proceed(req, res, next, result);
  };
}

// Express rewrites req.url inside a mounted app; the path as it came off the wire is originalUrl.
function requestTarget(req: IncomingMessage): string {
  return (req as { originalUrl?: string }).originalUrl ?? req.url ?? '/';
}
