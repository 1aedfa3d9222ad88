import { createAttachments, createPropertyStore } from '@sessionguard/core/adapter';
import type { FastifyRequest } from 'fastify';

/** On the request under a symbol, which the plugin declares (Fastify fixes request shapes). */
export const requestStateStore = createPropertyStore<FastifyRequest>();
export const attachments = createAttachments<FastifyRequest>(
  'app.register(clerkPlugin), with the guards on a later hook than the plugin',
  requestStateStore,
);
export const { attachedTo, getAuth } = attachments;
