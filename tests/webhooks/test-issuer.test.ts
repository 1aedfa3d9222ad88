/**
 * SPEC §8, the webhook part of @sessionguard/testing: a `whsec_` secret, `signWebhook` with a
 * chosen id and timestamp (checked here by Svix's own verifier, not ours), and `sendWebhook`
 * making a real signed POST that a plain Node server receives byte for byte.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { Webhook as SvixWebhook } from 'svix';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userUpdated } from './helpers.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

describe('test issuer: webhooks', () => {
  it('has a whsec_ secret of 24 random bytes, different per issuer', async () => {
    expect(issuer.webhookSigningSecret).toMatch(/^whsec_[A-Za-z0-9+/]{32}$/);
    const other = await createTestIssuer();
    try {
      expect(other.webhookSigningSecret).not.toBe(issuer.webhookSigningSecret);
    } finally {
      await other.close();
    }
  });

  it('signWebhook signs what Svix’s own verifier accepts, with the id and timestamp asked for', () => {
    const timestamp = Math.floor(Date.now() / 1000) - 5;
    const { headers, body } = issuer.signWebhook(userUpdated(), { id: 'msg_chosen', timestamp });
    expect(headers['svix-id']).toBe('msg_chosen');
    expect(headers['svix-timestamp']).toBe(String(timestamp));
    expect(headers['svix-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    expect(JSON.parse(body)).toEqual(userUpdated());
    expect(() => new SvixWebhook(issuer.webhookSigningSecret).verify(body, headers)).not.toThrow();
    expect(() => new SvixWebhook(issuer.webhookSigningSecret).verify(`${body} `, headers)).toThrow();
  });

  it('signWebhook adds object: "event", fresh ids by default, and signs a string body as given', () => {
    const a = issuer.signWebhook({ type: 'session.created', data: { id: 'sess_1' } });
    const b = issuer.signWebhook({ type: 'session.created', data: { id: 'sess_1' } });
    expect(JSON.parse(a.body).object).toBe('event');
    expect(a.headers['svix-id']).toMatch(/^msg_[0-9a-f]{24}$/);
    expect(a.headers['svix-id']).not.toBe(b.headers['svix-id']);
    const raw = issuer.signWebhook('{ "type" : "x" , "data":{} }', { headerNames: 'webhook' });
    expect(raw.body).toBe('{ "type" : "x" , "data":{} }');
    expect(Object.keys(raw.headers).sort()).toEqual([
      'content-type',
      'webhook-id',
      'webhook-signature',
      'webhook-timestamp',
    ]);
  });

  it('sendWebhook makes a real signed POST and returns the app’s response', async () => {
    const received: Array<{ method?: string; headers: IncomingHttpHeaders; body: string }> = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          method: req.method,
          headers: req.headers,
          body: Buffer.concat(chunks).toString('utf8'),
        });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const response = await issuer.sendWebhook(`http://127.0.0.1:${port}/hook`, userUpdated());
      expect(response.status).toBe(204);
      const [delivery] = received;
      expect(delivery?.method).toBe('POST');
      expect(delivery?.headers['content-type']).toBe('application/json');
      const headers = {
        'svix-id': String(delivery?.headers['svix-id']),
        'svix-timestamp': String(delivery?.headers['svix-timestamp']),
        'svix-signature': String(delivery?.headers['svix-signature']),
      };
      expect(() =>
        new SvixWebhook(issuer.webhookSigningSecret).verify(delivery?.body ?? '', headers),
      ).not.toThrow();
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
