import { IncomingMessage } from 'node:http';
import { type Attached, createPropertyStore, type StateStore } from '@sessionguard/core/adapter';

// Connect's request-state store: where a request's auth state lives (`req.auth`: auth-accessor.ts).
//
// On a plain Node request the state is a property under a private symbol. Express 5 gives every
// request a new prototype, after which adding a property costs ~2.6 µs (measured), so there it goes
// into a WeakMap; `req.auth` is then the one property we add, or none (the accessor below).

const onRequest = createPropertyStore<IncomingMessage>();
const elsewhere = new WeakMap<IncomingMessage, Attached>();
/** Whether any state went on a request that may later be kept elsewhere (see get). */
let everOnRequest = false;

const isPlainNodeRequest = (req: IncomingMessage): boolean =>
  Object.getPrototypeOf(req) === IncomingMessage.prototype;

export const requestStateStore: StateStore<IncomingMessage> = {
  // Where this request's state goes first, then the other place: a request handed from one framework
  // to another (a plain Node request that an Express app then re-prototypes) may be attached there.
  // Looking for a property an Express request lacks is as slow as adding one, so it comes second,
  // and only once some state has gone on a request (never, in an app that is Express throughout).
  get: (req) =>
    isPlainNodeRequest(req)
      ? (onRequest.get(req) ?? elsewhere.get(req))
      : (elsewhere.get(req) ?? (everOnRequest ? onRequest.get(req) : undefined)),
  set: (req, attached) => {
    if (isPlainNodeRequest(req)) {
      onRequest.set(req, attached);
      everOnRequest = true;
    } else elsewhere.set(req, attached);
  },
};
