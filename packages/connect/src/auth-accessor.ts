import { IncomingMessage } from 'node:http';
import type { AuthObject } from '@sessionguard/core';
import { attachments } from './attach.js';
import { type RequestAuth, requestAuthOf } from './request-auth.js';

// `req.auth`. On a plain Node request it is an own property, as cheap as any. Express (4 and 5) gives
// every request a new prototype, and V8 then keeps each request's shape apart: one more property on
// it cost some 9 µs of CPU per request in the bench (of about 120 for a bare Express app), for the
// copy of its shape and the slower property work of Express after it. There `auth` is instead an
// accessor on the prototype all of Express's requests share (Express's own request object, above
// each app's: so a parent app still sees it after a mounted sub-app ran the middleware), reading the
// state the middleware attached. The middleware then adds nothing to the request.

/** Shared prototypes that carry our accessor. */
const withAccessor = new WeakSet<object>();
/** The last request prototype seen, and whether the accessor serves `auth` on it. */
let lastPrototype: object | null = IncomingMessage.prototype;
let lastServedByAccessor = false;

/** The prototype just above IncomingMessage.prototype in the chain (Express's own request object). */
function sharedPrototypeOf(prototype: object): object | undefined {
  for (let current: object | null = prototype; current !== null; ) {
    const parent = Object.getPrototypeOf(current) as object | null;
    if (parent === IncomingMessage.prototype) return current;
    current = parent;
  }
  return undefined;
}

function accessorServes(prototype: object): boolean {
  if (prototype === IncomingMessage.prototype) return false;
  const shared = sharedPrototypeOf(prototype);
  if (shared === undefined) return false;
  if (withAccessor.has(shared)) return true;
  if ('auth' in shared) return false; // someone else's `auth`: leave it, use an own property
  installAuthAccessor(shared);
  return true;
}

/**
 * Makes `req.auth` of every request below `prototype` (Express's `express.request`, never Node's
 * IncomingMessage.prototype) read the state the middleware attached, and throw the error that says to
 * register clerkMiddleware on a request it has not run for. @sessionguard/express installs it on import.
 */
export function installAuthAccessor(prototype: object): void {
  if (withAccessor.has(prototype) || prototype === IncomingMessage.prototype) return;
  Object.defineProperty(prototype, 'auth', {
    configurable: true,
    enumerable: false,
    get(this: IncomingMessage): RequestAuth {
      return requestAuthOf(attachments.getAuth(this));
    },
    // Whoever assigns `req.auth` (the app, another library) gets a plain property, as before.
    set(this: IncomingMessage, value: unknown) {
      Object.defineProperty(this, 'auth', { value, writable: true, enumerable: true, configurable: true });
    },
  });
  withAccessor.add(prototype);
}

/** Makes `req.auth` read `auth` (as a RequestAuth); call it after the state is attached to `req`. */
export function exposeAuth(req: IncomingMessage, auth: AuthObject): void {
  const prototype = Object.getPrototypeOf(req) as object | null;
  if (prototype !== lastPrototype) {
    lastPrototype = prototype;
    lastServedByAccessor = prototype !== null && accessorServes(prototype);
  }
  // An own `auth` set before us (another middleware) would hide the accessor: replace it.
  if (lastServedByAccessor && !Object.hasOwn(req, 'auth')) return;
  req.auth = requestAuthOf(auth);
}
