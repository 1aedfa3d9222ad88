import type { IncomingMessage } from 'node:http';
import type { AcceptsToken, AuthForAccepted, AuthObject } from '@sessionguard/core';
import { remember } from '@sessionguard/core/adapter';
import { attachments } from './attach.js';

/** `req.auth(...)`: what `getAuth(req, ...)` takes and answers (Clerk's `@clerk/express` 2.x). */
export interface RequestAuthFunction {
  (): AuthObject;
  <const A extends AcceptsToken>(opts: { acceptsToken: A }): AuthForAccepted<A>;
}

/**
 * `req.auth`: the session auth object's fields (Clerk 1.x, `req.auth.userId`) on a function that
 * answers as getAuth (Clerk 2.x, `req.auth()`, `req.auth({ acceptsToken })`).
 */
export type RequestAuth = AuthObject & RequestAuthFunction;

// Why one callable per auth object: auth objects are frozen and shared by every request of a kept
// token, so their callable is too, built the first time it is needed (some µs) and found again in a
// WeakMap. It cannot close over a request; called as `req.auth(...)` it finds the request through
// `this`. Its fields are own, frozen copies of the object's (spread, Object.keys and `in` see what they
// saw), and toJSON answers the object itself, so `res.json(req.auth)` sends what it sent before.
// Signed-out objects are shared too, one per reason and message (core's signedOutAuthObject), so an
// anonymous request builds none.

const callables = new WeakMap<AuthObject, RequestAuth>();
/** The last auth object asked for: a repeat read of `req.auth` skips the WeakMap. */
let lastAuth: AuthObject | undefined;
let lastCallable: RequestAuth | undefined;

const detachedWithOptions = (): Error =>
  new Error(
    'sessionguard: req.auth({ acceptsToken }) was called without its request (a copy such as `const { auth } = req`), so it cannot tell which types the request verified. Call it as req.auth({ acceptsToken }), or getAuth(req, { acceptsToken }). Without options a copy answers the auth object.',
  );

const inspectSymbol = Symbol.for('nodejs.util.inspect.custom');

function build(auth: AuthObject): RequestAuth {
  // A method: it has no `prototype` and cannot be called with `new`.
  const { call } = {
    call(this: unknown, opts?: { acceptsToken?: AcceptsToken }): unknown {
      if (typeof this === 'object' && this !== null) {
        const request = this as IncomingMessage;
        if (attachments.find(request) !== undefined) {
          return attachments.getAuth(request, opts as { acceptsToken: AcceptsToken });
        }
      }
      // Detached: the object it was read from is still the session view of that request.
      if (opts?.acceptsToken === undefined) return auth;
      throw detachedWithOptions();
    },
  };
  // Own names are then only the auth object's (and toJSON's): getOwnPropertyNames, hasOwn.
  Reflect.deleteProperty(call, 'name');
  Reflect.deleteProperty(call, 'length');
  // Object.assign, then freeze: the same frozen fields, several times cheaper than defineProperties.
  Object.assign(call, auth);
  const toAuth = () => auth;
  Object.defineProperty(call, 'toJSON', { value: toAuth });
  Object.defineProperty(call, inspectSymbol, { value: toAuth });
  return Object.freeze(call) as unknown as RequestAuth;
}

/** The callable `req.auth` of `auth`: built once per auth object. */
export function requestAuthOf(auth: AuthObject): RequestAuth {
  if (auth === lastAuth) return lastCallable!;
  const callable = callables.get(auth) ?? remember(callables, auth, build(auth));
  lastAuth = auth;
  lastCallable = callable;
  return callable;
}
