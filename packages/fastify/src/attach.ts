import type { AuthObject, RequestState } from '@sessionguard/core';
import type { FastifyRequest } from 'fastify';

/** What the plugin's hook leaves for the guards: the request's state and its tenant's sign-in URL. */
export interface Attached {
  state: RequestState;
  signInUrl: string | undefined;
}

const attached = new WeakMap<FastifyRequest, Attached>();

export function attach(request: FastifyRequest, state: RequestState, signInUrl: string | undefined): void {
  attached.set(request, { state, signInUrl });
}

export function attachedTo(request: FastifyRequest): Attached {
  const found = attached.get(request);
  if (found === undefined) {
    throw new Error(
      'sessionguard: no auth on this request. Register clerkMiddleware (app.register(clerkPlugin)) before getAuth() and the guards, and give the guards a later hook than the plugin.',
    );
  }
  return found;
}

export function getAuth(request: FastifyRequest): AuthObject {
  return attachedTo(request).state.auth;
}
