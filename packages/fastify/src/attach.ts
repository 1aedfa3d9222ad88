import { createAttachments } from '@sessionguard/core';
import type { FastifyRequest } from 'fastify';

export const { attach, attachedTo, getAuth } = createAttachments<FastifyRequest>(
  'app.register(clerkPlugin), with the guards on a later hook than the plugin',
);
