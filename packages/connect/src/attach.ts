import type { IncomingMessage } from 'node:http';
import type { RequestLike } from '@sessionguard/core';
import { createAttachments } from '@sessionguard/core/adapter';
import { requestStateStore } from './request-state-store.js';

export const attachments = createAttachments<IncomingMessage>(
  'app.use(clerkMiddleware())',
  requestStateStore,
);
export const { attachedTo, getAuth } = attachments;

/** Express and Connect strip a mount path from `req.url`; routes must match the path as sent. */
export function asRequestLike(req: IncomingMessage & { originalUrl?: string }): RequestLike {
  const url = req.originalUrl;
  if (url === undefined || url === req.url) return req;
  return { method: req.method, url, headers: req.headers, rawHeaders: req.rawHeaders };
}
