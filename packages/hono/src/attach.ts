import type { AuthObject, RequestState } from '@sessionguard/core';
import type { Context } from 'hono';

/** What the middleware leaves for the guards: the request's state and its tenant's sign-in URL. */
export interface Attached {
  state: RequestState;
  signInUrl: string | undefined;
}

const attached = new WeakMap<Context, Attached>();

export function attach(c: Context, state: RequestState, signInUrl: string | undefined): void {
  attached.set(c, { state, signInUrl });
  c.set('auth', state.auth);
}

export function attachedTo(c: Context): Attached {
  const found = attached.get(c);
  if (found === undefined) {
    throw new Error(
      "sessionguard: no auth on this request. Register clerkMiddleware() (app.use('*', clerkMiddleware())) before getAuth() and the guards.",
    );
  }
  return found;
}

export function getAuth(c: Context): AuthObject {
  return attachedTo(c).state.auth;
}
