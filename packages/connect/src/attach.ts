import { IncomingMessage } from 'node:http';
import type { RequestLike } from '@sessionguard/core';
import { createAttachments } from '@sessionguard/core/adapter';

// On a plain Node request the state is a property. Express 5 gives every request a new prototype,
// after which adding a property costs ~2.6 µs (measured), so there it goes into a WeakMap;
// `req.auth` is then the one property we add.
export const attachments = createAttachments<IncomingMessage>(
  'app.use(clerkMiddleware())',
  (req) => Object.getPrototypeOf(req) === IncomingMessage.prototype,
);
export const { attachedTo, find, getAuth } = attachments;

/** Express and Connect strip a mount path from `req.url`; routes must match the path as sent. */
export function asRequestLike(req: IncomingMessage & { originalUrl?: string }): RequestLike {
  const url = req.originalUrl;
  if (url === undefined || url === req.url) return req;
  return { method: req.method, url, headers: req.headers, rawHeaders: req.rawHeaders };
}
