import type { AddressInfo } from 'node:net';
import type { AuthOptions } from '@sessionguard/core';
import * as sgExpress from '@sessionguard/express';
import * as sgHono from '@sessionguard/hono';
import express from 'express';
import { Hono } from 'hono';

export interface Answer {
  status: number;
  headers: Headers;
  body: string;
}

/** One app (GET /me behind requireAuth) on a real framework, and a way to call it. */
export interface Target {
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  close(): Promise<void>;
}

async function expressTarget(options: AuthOptions): Promise<Target> {
  const app = express();
  app.use(sgExpress.clerkMiddleware(options));
  app.get('/me', sgExpress.requireAuth(), (req, res) => {
    res.json({ userId: req.auth.userId });
  });
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    async get(path, headers = {}) {
      const response = await fetch(`${base}${path}`, { headers });
      return { status: response.status, headers: response.headers, body: await response.text() };
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

async function honoTarget(options: AuthOptions): Promise<Target> {
  const app = new Hono();
  app.use('*', sgHono.clerkMiddleware(options));
  app.get('/me', sgHono.requireAuth(), (c) => c.json({ userId: c.get('auth').userId }));
  return {
    async get(path, headers = {}) {
      const response = await app.request(path, { headers });
      return { status: response.status, headers: response.headers, body: await response.text() };
    },
    close: async () => {},
  };
}

export const TARGETS: Record<string, (options: AuthOptions) => Promise<Target>> = {
  express: expressTarget,
  hono: honoTarget,
};
