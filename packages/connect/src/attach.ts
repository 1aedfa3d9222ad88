import type { IncomingMessage } from 'node:http';
import { createAttachments, type RequestLike } from '@sessionguard/core';

export const { attach, attachedTo, getAuth } = createAttachments<IncomingMessage>(
  'app.use(clerkMiddleware())',
);

/** Express and Connect strip a mount path from `req.url`; routes must match the path as sent. */
export function asRequestLike(req: IncomingMessage & { originalUrl?: string }): RequestLike {
  const url = req.originalUrl;
  if (url === undefined || url === req.url) return req;
  return { method: req.method, url, headers: req.headers, rawHeaders: req.rawHeaders };
}
