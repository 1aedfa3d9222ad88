import type { IncomingMessage } from 'node:http';
import type { AuthObject, RequestLike, RequestState } from '@sessionguard/core';

/** What the middleware leaves for the guards: the request's state and its tenant's sign-in URL. */
export interface Attached {
  state: RequestState;
  signInUrl: string | undefined;
}

const attached = new WeakMap<object, Attached>();

export function attach(req: IncomingMessage, state: RequestState, signInUrl: string | undefined): void {
  attached.set(req, { state, signInUrl });
  req.auth = state.auth;
}

export function attachedTo(req: IncomingMessage): Attached {
  const found = attached.get(req);
  if (found === undefined) {
    throw new Error(
      'sessionguard: no auth on this request. Register clerkMiddleware() (app.use(clerkMiddleware())) before getAuth() and the guards.',
    );
  }
  return found;
}

export function getAuth(req: IncomingMessage): AuthObject {
  return attachedTo(req).state.auth;
}

/** Express and Connect strip a mount path from `req.url`; routes must match the path as sent. */
export function asRequestLike(req: IncomingMessage & { originalUrl?: string }): RequestLike {
  const url = req.originalUrl;
  if (url === undefined || url === req.url) return req;
  return { method: req.method, url, headers: req.headers, rawHeaders: req.rawHeaders };
}
