// The same small server-rendered app on each adapter: `/` renders the signed-in user or "signed
// out", `/api/me` is an API route behind `requireAuth()`. Each listens on 127.0.0.1, a free port.
import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import type { AuthOptions } from '@sessionguard/core';
import * as sgExpress from '@sessionguard/express';
import * as sgFastify from '@sessionguard/fastify';
import * as sgHono from '@sessionguard/hono';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';

export type Framework = 'express' | 'fastify' | 'hono';

export interface RunningApp {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  origin: string;
  close(): Promise<void>;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The page: who is signed in, as the server saw the request. */
export function renderPage(framework: Framework, userId: string | null): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${framework}</title></head>
<body><h1>${framework}</h1><p data-testid="who">${userId === null ? 'signed out' : escapeHtml(userId)}</p></body></html>`;
}

async function listen(listener: RequestListener): Promise<RunningApp> {
  const server: Server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function expressApp(options: AuthOptions): Promise<RunningApp> {
  const app = express();
  app.use(sgExpress.clerkMiddleware(options));
  app.get('/', (req, res) => {
    res.type('html').send(renderPage('express', sgExpress.getAuth(req).userId));
  });
  app.get('/api/me', sgExpress.requireAuth(), (req, res) => {
    res.json({ userId: sgExpress.getAuth(req).userId });
  });
  return listen(app);
}

async function fastifyApp(options: AuthOptions): Promise<RunningApp> {
  const app = Fastify();
  await app.register(sgFastify.clerkPlugin, options);
  app.get('/', async (request, reply) =>
    reply.type('text/html; charset=utf-8').send(renderPage('fastify', sgFastify.getAuth(request).userId)),
  );
  app.get('/api/me', { preHandler: sgFastify.requireAuth() }, async (request) => ({
    userId: sgFastify.getAuth(request).userId,
  }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => app.close() };
}

function honoApp(options: AuthOptions): Promise<RunningApp> {
  const app = new Hono();
  app.use('*', sgHono.clerkMiddleware(options));
  app.get('/', (c) => c.html(renderPage('hono', sgHono.getAuth(c).userId)));
  app.get('/api/me', sgHono.requireAuth(), (c) => c.json({ userId: sgHono.getAuth(c).userId }));
  return listen(getRequestListener(app.fetch));
}

export const startApp: Record<Framework, (options: AuthOptions) => Promise<RunningApp>> = {
  express: expressApp,
  fastify: fastifyApp,
  hono: honoApp,
};
