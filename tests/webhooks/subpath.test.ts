// Each package's `/webhooks` subpath, as Clerk's `@clerk/express/webhooks`, `@clerk/fastify/webhooks`,
// `@clerk/hono/webhooks` and `@clerk/backend/webhooks`: apps written the way Clerk's webhook guide
// writes them (the signing secret from CLERK_WEBHOOK_SIGNING_SECRET, `verifyWebhook(req)` in a
// try/catch answering 400), on real servers, with deliveries signed by the test issuer.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import * as connectRoot from '@sessionguard/connect';
import * as connectWebhooks from '@sessionguard/connect/webhooks';
import * as core from '@sessionguard/core';
import * as coreWebhooks from '@sessionguard/core/webhooks';
import * as expressRoot from '@sessionguard/express';
import type { VerifyWebhookOptions, WebhookEvent } from '@sessionguard/express/webhooks';
import * as expressWebhooks from '@sessionguard/express/webhooks';
import * as fastifyRoot from '@sessionguard/fastify';
import * as fastifyWebhooks from '@sessionguard/fastify/webhooks';
import * as honoRoot from '@sessionguard/hono';
import * as honoWebhooks from '@sessionguard/hono/webhooks';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import connect from 'connect';
import express5 from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { listen } from './apps.js';
import { userUpdated } from './helpers.js';

type Served = Awaited<ReturnType<typeof listen>>;

/** What every app answers for a verified event: the fields Clerk's result carries, and ours. */
function summary(event: WebhookEvent): Record<string, unknown> {
  const { type, object, timestamp, instance_id, event_attributes } = event;
  return { type, object, timestamp, instance_id, event_attributes, id: event.data.id };
}

function expressApp(createApp: typeof express5): () => Promise<Served> {
  return () => {
    const { verifyWebhook } = expressWebhooks;
    const app = createApp();
    app.post('/api/webhooks', createApp.raw({ type: 'application/json' }), async (req, res) => {
      try {
        const evt = await verifyWebhook(req);
        res.json(summary(evt));
      } catch {
        res.status(400).send('Webhook verification failed');
      }
    });
    return listen(app);
  };
}

const APPS: Record<string, () => Promise<Served>> = {
  express4: expressApp(express4 as unknown as typeof express5),
  express5: expressApp(express5),
  connect: () => {
    const { verifyWebhook } = connectWebhooks;
    const app = connect();
    app.use('/api/webhooks', (req: IncomingMessage, res: ServerResponse) => {
      verifyWebhook(req).then(
        (evt) => res.setHeader('content-type', 'application/json').end(JSON.stringify(summary(evt))),
        () => {
          res.statusCode = 400;
          res.end('Webhook verification failed');
        },
      );
    });
    return listen(app);
  },
  fastify: async () => {
    const { verifyWebhook } = fastifyWebhooks;
    const app = Fastify();
    // Ours needs the raw bytes (Clerk's re-serializes the parsed JSON): the README's parser line.
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    app.post('/api/webhooks', async (request, reply) => {
      try {
        return summary(await verifyWebhook(request));
      } catch {
        return reply.code(400).send('Webhook verification failed');
      }
    });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = app.server.address() as AddressInfo;
    return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
  },
  hono: () => {
    const { verifyWebhook } = honoWebhooks;
    const app = new Hono();
    app.post('/api/webhooks', async (c) => {
      try {
        return c.json(summary(await verifyWebhook(c)));
      } catch {
        return c.text('Webhook verification failed', 400);
      }
    });
    return listen(getRequestListener(app.fetch));
  },
  // @clerk/backend/webhooks: a WHATWG Request (a fetch handler, served here by @hono/node-server).
  core: () => {
    const { verifyWebhook } = coreWebhooks;
    const handler = async (request: Request): Promise<Response> => {
      try {
        return Response.json(summary(await verifyWebhook(request)));
      } catch {
        return new Response('Webhook verification failed', { status: 400 });
      }
    };
    return listen(getRequestListener(handler));
  },
};

let issuer: TestIssuer;
const savedSecret = process.env.CLERK_WEBHOOK_SIGNING_SECRET;

beforeAll(async () => {
  issuer = await createTestIssuer();
  process.env.CLERK_WEBHOOK_SIGNING_SECRET = issuer.webhookSigningSecret;
});

afterAll(async () => {
  if (savedSecret === undefined) delete process.env.CLERK_WEBHOOK_SIGNING_SECRET;
  else process.env.CLERK_WEBHOOK_SIGNING_SECRET = savedSecret;
  await issuer?.close();
});

describe.each(Object.entries(APPS))('%s: verifyWebhook from the /webhooks subpath', (_name, build) => {
  let app: Served;
  beforeAll(async () => {
    app = await build();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a signed delivery: the event with Clerk’s timestamp, instance_id and event_attributes', async () => {
    const event = userUpdated('user_sub1');
    const response = await issuer.sendWebhook(`${app.url}/api/webhooks`, event);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      type: 'user.updated',
      object: 'event',
      timestamp: event.timestamp,
      instance_id: event.instance_id,
      event_attributes: event.event_attributes,
      id: 'user_sub1',
    });
  });

  it('a delivery whose body was changed after signing: the guide’s 400', async () => {
    const { headers, body } = issuer.signWebhook(userUpdated('user_sub2'));
    const response = await fetch(`${app.url}/api/webhooks`, {
      method: 'POST',
      headers,
      body: body.replace('user_sub2', 'user_sub3'),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Webhook verification failed');
  });
});

describe('what each /webhooks subpath exports', () => {
  const subpaths = {
    connect: [connectWebhooks, connectRoot],
    express: [expressWebhooks, expressRoot],
    fastify: [fastifyWebhooks, fastifyRoot],
    hono: [honoWebhooks, honoRoot],
    core: [coreWebhooks, core],
  } as const;

  it.each(Object.entries(subpaths))(
    '%s: the root’s verifyWebhook, the core’s error, reasons and helper',
    (_name, [sub, root]) => {
      expect(sub.verifyWebhook).toBe(root.verifyWebhook);
      expect(sub.WebhookVerificationError).toBe(core.WebhookVerificationError);
      expect(sub.WebhookVerificationErrorReason).toBe(core.WebhookVerificationErrorReason);
      expect(sub.isWebhookEventType).toBe(core.isWebhookEventType);
    },
  );

  it('types: Clerk’s VerifyWebhookOptions and WebhookEvent with timestamp and instance_id', () => {
    expectTypeOf<VerifyWebhookOptions>().toEqualTypeOf<core.WebhookOptions>();
    expectTypeOf<WebhookEvent['timestamp']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<WebhookEvent['instance_id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<express5.Request>().toExtend<Parameters<typeof expressWebhooks.verifyWebhook>[0]>();
    expectTypeOf(fastifyWebhooks.verifyWebhook).returns.resolves.toEqualTypeOf<WebhookEvent>();
  });
});
