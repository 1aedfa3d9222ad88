/**
 * One webhook app per framework, each built the way its README section shows, behind the app-wide
 * clerkMiddleware (which must leave the body alone). Every app answers a verified delivery with
 * `{ received, id }` and a refusal with `{"error":"bad_request","reason":…}` and the error's status.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import * as connectAdapter from '@sessionguard/connect';
import type { WebhookEvent, WebhookOptions } from '@sessionguard/core';
import * as expressAdapter from '@sessionguard/express';
import * as fastifyAdapter from '@sessionguard/fastify';
import * as honoAdapter from '@sessionguard/hono';
import connect from 'connect';
import express5, { type NextFunction, type Request, type Response } from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { Hono } from 'hono';

export interface WebhookApp {
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

export interface WebhookAppConfig {
  /** Options for clerkMiddleware (a key source). */
  auth: { jwksUrl: string };
  webhook: WebhookOptions;
}

export type WebhookAppFactory = (config: WebhookAppConfig) => Promise<WebhookApp>;

/** What every route answers; one function so that every app answers the same. */
export function answerOf(
  result: WebhookEvent | unknown,
  withMessage = false,
): { status: number; body: Record<string, unknown>; headers: Record<string, string> } {
  if (result instanceof connectAdapter.WebhookVerificationError) {
    const body = { error: 'bad_request', reason: result.reason };
    // README: a 503 (the replay store cannot answer) carries Retry-After; Svix retries it later.
    const headers: Record<string, string> =
      result.retryAfterSeconds === undefined ? {} : { 'retry-after': String(result.retryAfterSeconds) };
    // The /parsed routes show the message too, so a test can read the line it tells the developer to add.
    return {
      status: result.status,
      body: withMessage ? { ...body, message: result.message } : body,
      headers,
    };
  }
  if (result instanceof Error) throw result;
  const event = result as WebhookEvent;
  return { status: 200, body: { received: event.type, id: event.data.id }, headers: {} };
}

/** The framework's own size limit answers like ours (README: its error handler line). */
const TOO_LARGE = { status: 413, body: { error: 'bad_request', reason: 'webhook-body-too-large' } };

function sendJson(
  res: ServerResponse,
  { status, body, headers = {} }: { status: number; body: unknown; headers?: Record<string, string> },
): void {
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/** Serves `listener` on 127.0.0.1 at a free port. */
export async function listen(listener: RequestListener): Promise<WebhookApp> {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function expressFactory(createApp: typeof express5): WebhookAppFactory {
  return async ({ auth, webhook }) => {
    const app = createApp();
    app.use(expressAdapter.clerkMiddleware(auth));
    const route = async (req: Request, res: Response) => {
      const result = await expressAdapter.verifyWebhook(req, webhook).catch((error: unknown) => error);
      const { status, body, headers } = answerOf(result, req.path.endsWith('/parsed'));
      res.status(status).set(headers).json(body);
    };
    // README: the raw body on the webhook route (1 MiB, our limit; express.raw's default is 100 KB).
    app.post('/webhooks', createApp.raw({ type: 'application/json', limit: '1mb' }), route);
    app.post('/webhooks/text', createApp.text({ type: 'application/json', limit: '1mb' }), route);
    app.post('/webhooks/stream', route); // no parser at all: verifyWebhook reads the stream
    app.post('/webhooks/parsed', createApp.json(), route); // the mistake: refused with the line to add
    app.use((error: { type?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (error.type === 'entity.too.large') res.status(TOO_LARGE.status).json(TOO_LARGE.body);
      else next(error);
    });
    return listen(app);
  };
}

const connectFactory: WebhookAppFactory = async ({ auth, webhook }) => {
  const app = connect();
  app.use(connectAdapter.clerkMiddleware(auth));
  app.use('/webhooks', (req: IncomingMessage, res: ServerResponse) => {
    connectAdapter
      .verifyWebhook(req, webhook)
      .catch((error: unknown) => error)
      .then((result) => sendJson(res, answerOf(result)));
  });
  return listen(app);
};

const fastifyFactory: WebhookAppFactory = async ({ auth, webhook }) => {
  const app = Fastify();
  await app.register(fastifyAdapter.clerkPlugin, auth);
  const route = async (
    request: Parameters<typeof fastifyAdapter.verifyWebhook>[0],
    reply: { code(n: number): { headers(values: Record<string, string>): unknown } },
  ) => {
    const { status, body, headers } = answerOf(
      await fastifyAdapter.verifyWebhook(request, webhook).catch((error: unknown) => error),
      request.url.endsWith('/parsed'),
    );
    reply.code(status).headers(headers);
    return body;
  };
  // Before the webhook plugin, which inherits it: Fastify's bodyLimit (1 MiB too) answers like ours.
  app.setErrorHandler((error: { code?: string }, _request, reply) => {
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.code(TOO_LARGE.status).send(TOO_LARGE.body);
    return reply.send(error);
  });
  // README: the webhook route in its own plugin, whose JSON parser keeps the bytes.
  await app.register(async (scope) => {
    scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) =>
      done(null, body),
    );
    scope.post('/webhooks', route);
  });
  app.post('/webhooks/parsed', route); // Fastify's own JSON parser ran: refused with the line to add
  await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => app.close() };
};

const honoNodeFactory: WebhookAppFactory = async ({ auth, webhook }) => {
  const app = new Hono();
  app.use('*', honoAdapter.clerkMiddleware(auth));
  app.post('/webhooks', async (c) => {
    const result = await honoAdapter.verifyWebhook(c, webhook).catch((error: unknown) => error);
    const { status, body, headers } = answerOf(result);
    // The body is still readable by the handler after verification.
    const handlerRead = status === 200 ? ((await c.req.json()) as { type: string }).type : undefined;
    return c.json({ ...body, ...(handlerRead === undefined ? {} : { handlerRead }) }, status as 200, headers);
  });
  // A middleware read the body through c.req first: Hono kept the text, which is what was signed.
  app.post('/webhooks/read-first', async (c, next) => {
    await c.req.json();
    await next();
  });
  // Something read c.req.raw itself: nothing is left to verify.
  app.post('/webhooks/parsed', async (c, next) => {
    await c.req.raw.text();
    await next();
  });
  app.post('/webhooks/*', async (c) =>
    c.json(
      ...answerOfHono(
        await honoAdapter.verifyWebhook(c, webhook).catch((error: unknown) => error),
        c.req.path,
      ),
    ),
  );
  return listen(getRequestListener(app.fetch));
};

function answerOfHono(result: unknown, path: string): [Record<string, unknown>, 200 | 400 | 413] {
  const { status, body } = answerOf(result, path.endsWith('/parsed'));
  return [body, status as 200 | 400 | 413];
}

export const webhookApps: Record<string, WebhookAppFactory> = {
  express4: expressFactory(express4 as unknown as typeof express5),
  express5: expressFactory(express5),
  connect: connectFactory,
  fastify: fastifyFactory,
  'hono-node': honoNodeFactory,
};
