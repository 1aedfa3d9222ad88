/**
 * SPEC §10 on every adapter: one table of deliveries (cases.ts) through a real webhook route on
 * Express 4 and 5, Connect, Fastify and Hono on @hono/node-server, over HTTP on 127.0.0.1; then
 * each framework's own ways of handing over the raw body, and the refusals of a parsed body.
 */
import { randomBytes } from 'node:crypto';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebhookApp, webhookApps } from './apps.js';
import { type Delivery, post, webhookCases } from './cases.js';
import { userUpdated } from './helpers.js';

let issuer: TestIssuer;
const otherSecret = `whsec_${randomBytes(24).toString('base64')}`;

beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer?.close());

async function deliver(url: string, deliveries: Delivery[]) {
  let answer = { status: 0, body: '' };
  for (const delivery of deliveries) answer = await post(url, delivery);
  return answer;
}

for (const [name, factory] of Object.entries(webhookApps)) {
  describe(`${name}: the shared webhook table`, () => {
    let app: WebhookApp;
    beforeAll(async () => {
      app = await factory({
        auth: { jwksUrl: issuer.jwksUrl },
        webhook: { signingSecret: issuer.webhookSigningSecret },
      });
    });
    afterAll(() => app?.close());

    it.each(webhookCases.map((c) => [c.name, c] as const))('%s', async (_, testCase) => {
      const answer = await deliver(`${app.url}/webhooks`, testCase.deliveries(issuer, otherSecret));
      expect(answer.status, answer.body.slice(0, 300)).toBe(testCase.expect.status);
      const body = JSON.parse(answer.body) as Record<string, unknown>;
      if (testCase.expect.reason !== undefined) {
        expect(body).toEqual({ error: 'bad_request', reason: testCase.expect.reason });
      } else {
        expect(body.received).toBe(testCase.expect.received);
      }
    });
  });
}

describe('each framework’s raw body', () => {
  const apps: Record<string, WebhookApp> = {};
  beforeAll(async () => {
    for (const [name, factory] of Object.entries(webhookApps)) {
      apps[name] = await factory({
        auth: { jwksUrl: issuer.jwksUrl },
        webhook: { signingSecret: issuer.webhookSigningSecret },
      });
    }
  });
  afterAll(() => Promise.all(Object.values(apps).map((app) => app.close())));

  const send = (app: string, path: string, delivery: Delivery = issuer.signWebhook(userUpdated())) =>
    post(`${apps[app]?.url}${path}`, delivery);

  for (const express of ['express4', 'express5']) {
    it(`${express}: express.raw(), express.text() and no parser at all verify`, async () => {
      for (const path of ['/webhooks', '/webhooks/text', '/webhooks/stream']) {
        const answer = await send(express, path);
        expect(answer.status, `${path}: ${answer.body}`).toBe(200);
        expect(JSON.parse(answer.body)).toEqual({ received: 'user.updated', id: 'user_2x' });
      }
    });

    it(`${express}: a body express.json() parsed is refused with the express.raw line to add, never 500`, async () => {
      const answer = await send(express, '/webhooks/parsed');
      expect(answer.status).toBe(400);
      const body = JSON.parse(answer.body);
      expect(body).toMatchObject({ error: 'bad_request', reason: 'webhook-body-invalid' });
      expect(body.message).toContain("express.raw({ type: 'application/json' })");
      expect(body.message).not.toMatch(/Ada|user_2x/);
    });

    it(`${express}: the stream route stops at 1 MiB on a chunked body`, async () => {
      const big = {
        ...issuer.signWebhook({ type: 'user.updated', data: { pad: 'x'.repeat(3 << 20) } }),
        chunked: true,
      };
      const answer = await send(express, '/webhooks/stream', big);
      expect(answer.status).toBe(413);
      expect(JSON.parse(answer.body).reason).toBe('webhook-body-too-large');
    });
  }

  it('fastify: a body Fastify’s own JSON parser parsed is refused, never 500', async () => {
    const answer = await send('fastify', '/webhooks/parsed');
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.body);
    expect(body).toMatchObject({ error: 'bad_request', reason: 'webhook-body-invalid' });
    expect(body.message).toContain(
      "addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => done(null, body))",
    );
  });

  it('hono: the handler can still read the body after verifyWebhook', async () => {
    const answer = await send('hono-node', '/webhooks');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({
      received: 'user.updated',
      id: 'user_2x',
      handlerRead: 'user.updated',
    });
  });

  it('hono: a body a middleware read through c.req first still verifies (Hono keeps the text)', async () => {
    const answer = await send('hono-node', '/webhooks/read-first');
    expect(answer.status, answer.body).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ received: 'user.updated', id: 'user_2x' });
  });

  it('hono: a body read from c.req.raw before verifyWebhook is refused with the call order to use, never 500', async () => {
    const answer = await send('hono-node', '/webhooks/parsed');
    expect(answer.status).toBe(400);
    const body = JSON.parse(answer.body);
    expect(body).toMatchObject({ error: 'bad_request', reason: 'webhook-body-invalid' });
    expect(body.message).toContain('Call verifyWebhook(c) before c.req.json()');
  });

  it('the issuer’s sendWebhook makes a real signed POST that every app accepts', async () => {
    for (const [name, app] of Object.entries(apps)) {
      const response = await issuer.sendWebhook(`${app.url}/webhooks`, userUpdated('user_sent'));
      expect(response.status, name).toBe(200);
      expect(await response.json()).toMatchObject({ received: 'user.updated', id: 'user_sent' });
    }
  });
});

describe('a replay store that cannot answer: 503 with Retry-After on every adapter', () => {
  // The app's own store, down: its claims reject (a real Redis under SIGSTOP: tests/redis/claims).
  const down = {
    get: () => Promise.reject(new Error('down')),
    set: () => Promise.reject(new Error('down')),
    delete: () => Promise.reject(new Error('down')),
    setIfAbsent: () => Promise.reject(new Error('down')),
  };
  for (const [name, factory] of Object.entries(webhookApps)) {
    it(`${name}: webhook-replay-check-unavailable, 503, Retry-After: 5`, async () => {
      const app = await factory({
        auth: { jwksUrl: issuer.jwksUrl },
        webhook: { signingSecret: issuer.webhookSigningSecret, cacheStore: down },
      });
      try {
        const response = await fetch(`${app.url}/webhooks`, {
          method: 'POST',
          ...issuer.signWebhook(userUpdated()),
        });
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expect(await response.json()).toEqual({
          error: 'bad_request',
          reason: 'webhook-replay-check-unavailable',
        });
      } finally {
        await app.close();
      }
    });
  }
});
