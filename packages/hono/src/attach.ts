import { createAttachments } from '@sessionguard/core/adapter';
import type { Context } from 'hono';

export const attachments = createAttachments<Context>("app.use('*', clerkMiddleware())");
export const { attachedTo, getAuth } = attachments;
