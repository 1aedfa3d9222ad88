import * as sgConnect from '@sessionguard/connect';
import * as sgExpress from '@sessionguard/express';
import * as sgFastify from '@sessionguard/fastify';
import * as sgHono from '@sessionguard/hono';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { serveOnLoopback } from './apps/node-server.js';

const REGISTER_FIRST = /register clerkMiddleware/i;

/** Each app has a route that calls getAuth without the middleware and reports the error message. */
describe('getAuth before the middleware throws an Error that says to register clerkMiddleware', () => {
  it('connect', () => {
    expect(() => sgConnect.getAuth({} as never)).toThrow(REGISTER_FIRST);
  });

  it('express, and a guard without the middleware passes the error to next', async () => {
    const app = express();
    app.get('/get-auth', (req, res) => {
      try {
        sgExpress.getAuth(req);
        res.send('no error');
      } catch (error) {
        res.status(500).send((error as Error).message);
      }
    });
    app.get('/guard', sgExpress.requireAuth(), (_req, res) => {
      res.send('reached');
    });
    app.use((error: Error, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
      res.status(500).send(error.message);
    });
    const server = await serveOnLoopback(app);
    try {
      for (const path of ['/get-auth', '/guard']) {
        const response = await server.send({ method: 'GET', path, headers: {} });
        expect(response.status).toBe(500);
        expect(response.body).toMatch(REGISTER_FIRST);
      }
    } finally {
      await server.close();
    }
  });

  it('fastify', async () => {
    const app = Fastify();
    app.get('/', async (request) => {
      try {
        sgFastify.getAuth(request);
        return 'no error';
      } catch (error) {
        return (error as Error).message;
      }
    });
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.body).toMatch(REGISTER_FIRST);
    await app.close();
  });

  it('hono', async () => {
    const app = new Hono();
    app.get('/', (c) => {
      try {
        sgHono.getAuth(c);
        return c.text('no error');
      } catch (error) {
        return c.text((error as Error).message, 500);
      }
    });
    const response = await app.request('/');
    expect(await response.text()).toMatch(REGISTER_FIRST);
  });
});
