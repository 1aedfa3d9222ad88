import { createAttachments } from '@sessionguard/core';
import type { Context } from 'hono';

export const { attach, attachedTo, getAuth } = createAttachments<Context>("app.use('*', clerkMiddleware())");
