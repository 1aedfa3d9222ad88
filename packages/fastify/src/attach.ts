import { createAttachments } from '@sessionguard/core/adapter';
import type { FastifyRequest } from 'fastify';

export const attachments = createAttachments<FastifyRequest>(
  'app.register(clerkPlugin), with the guards on a later hook than the plugin',
);
export const { attachedTo, getAuth } = attachments;
