/**
 * The deliveries every webhook app gets (SPEC §10): one table, run against each framework in
 * adapters.test.ts. `deliveries` are sent in order; the last answer is checked.
 */
import { request } from 'node:http';
import type { SignedWebhook, TestIssuer } from '@sessionguard/testing';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { userUpdated } from './helpers.js';

export interface Delivery extends SignedWebhook {
  /** Send the body in pieces with no Content-Length (chunked), so only the stream shows its size. */
  chunked?: boolean;
}

export interface WebhookCase {
  name: string;
  deliveries: (issuer: TestIssuer, otherSecret: string) => Delivery[];
  expect: { status: number; reason?: string; received?: string };
}

const MiB = 1024 * 1024;
const nowSeconds = () => Math.floor(Date.now() / 1000);

function tamperHeader(delivery: SignedWebhook, name: string, value: string): SignedWebhook {
  return { ...delivery, headers: { ...delivery.headers, [name]: value } };
}

export const webhookCases: WebhookCase[] = [
  {
    name: 'valid (svix-* headers)',
    deliveries: (issuer) => [issuer.signWebhook(userUpdated())],
    expect: { status: 200, received: 'user.updated' },
  },
  {
    name: 'valid (webhook-* headers)',
    deliveries: (issuer) => [issuer.signWebhook(userUpdated(), { headerNames: 'webhook' })],
    expect: { status: 200, received: 'user.updated' },
  },
  {
    name: 'valid, unusual JSON formatting a re-serializing verifier breaks',
    deliveries: (issuer) => [
      issuer.signWebhook('{"data":{ "id" : "user_\\u0031", "object":"user"} , "type":"user.created"}'),
    ],
    expect: { status: 200, received: 'user.created' },
  },
  {
    name: 'tampered body',
    deliveries: (issuer) => {
      const delivery = issuer.signWebhook(userUpdated());
      return [{ ...delivery, body: delivery.body.replace('Ada', 'Eve') }];
    },
    expect: { status: 400, reason: 'webhook-signature-invalid' },
  },
  {
    name: 'tampered header (id)',
    deliveries: (issuer) => [tamperHeader(issuer.signWebhook(userUpdated()), 'svix-id', 'msg_forged')],
    expect: { status: 400, reason: 'webhook-signature-invalid' },
  },
  {
    name: 'wrong secret',
    deliveries: (_issuer, otherSecret) => {
      const body = JSON.stringify(userUpdated());
      const timestamp = nowSeconds();
      const signature = new StandardWebhook(otherSecret).sign('msg_wrong', new Date(timestamp * 1000), body);
      return [
        {
          headers: {
            'content-type': 'application/json',
            'svix-id': 'msg_wrong',
            'svix-timestamp': String(timestamp),
            'svix-signature': signature,
          },
          body,
        },
      ];
    },
    expect: { status: 400, reason: 'webhook-signature-invalid' },
  },
  {
    name: 'headers missing',
    deliveries: (issuer) => {
      const { body } = issuer.signWebhook(userUpdated());
      return [{ headers: { 'content-type': 'application/json' }, body }];
    },
    expect: { status: 400, reason: 'webhook-headers-missing' },
  },
  {
    name: 'replay (the same delivery twice)',
    deliveries: (issuer) => {
      const delivery = issuer.signWebhook(userUpdated());
      return [delivery, delivery];
    },
    expect: { status: 400, reason: 'webhook-replayed' },
  },
  {
    name: 'stale (10 minutes old)',
    deliveries: (issuer) => [issuer.signWebhook(userUpdated(), { timestamp: nowSeconds() - 600 })],
    expect: { status: 400, reason: 'webhook-timestamp-out-of-tolerance' },
  },
  {
    name: 'from the future (10 minutes ahead)',
    deliveries: (issuer) => [issuer.signWebhook(userUpdated(), { timestamp: nowSeconds() + 600 })],
    expect: { status: 400, reason: 'webhook-timestamp-out-of-tolerance' },
  },
  {
    name: 'bad timestamp',
    deliveries: (issuer) => [tamperHeader(issuer.signWebhook(userUpdated()), 'svix-timestamp', 'soon')],
    expect: { status: 400, reason: 'webhook-timestamp-invalid' },
  },
  {
    name: 'signed body that is not an event',
    deliveries: (issuer) => [issuer.signWebhook('{"hello":"world"}')],
    expect: { status: 400, reason: 'webhook-body-invalid' },
  },
  {
    name: 'too large (Content-Length over 1 MiB)',
    deliveries: (issuer) => [
      issuer.signWebhook({ type: 'user.updated', data: { pad: 'x'.repeat(2 * MiB) } }),
    ],
    expect: { status: 413, reason: 'webhook-body-too-large' },
  },
  {
    name: 'too large (chunked, no Content-Length)',
    deliveries: (issuer) => [
      { ...issuer.signWebhook({ type: 'user.updated', data: { pad: 'x'.repeat(2 * MiB) } }), chunked: true },
    ],
    expect: { status: 413, reason: 'webhook-body-too-large' },
  },
];

export interface Answer {
  status: number;
  body: string;
}

/** A real POST over HTTP; a chunked body is written in 64 KiB pieces. */
export function post(url: string, delivery: Delivery): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const outgoing = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: delivery.headers,
        agent: false,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({ status: incoming.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        incoming.on('error', reject);
      },
    );
    // The server may answer 413 and close before the whole body is written; the answer still counts.
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE' && error.code !== 'ECONNRESET') reject(error);
    });
    if (!delivery.chunked) {
      outgoing.end(delivery.body);
      return;
    }
    const bytes = Buffer.from(delivery.body);
    let offset = 0;
    const writeMore = (): void => {
      while (offset < bytes.length) {
        const piece = bytes.subarray(offset, offset + 64 * 1024);
        offset += piece.length;
        if (!outgoing.write(piece)) {
          outgoing.once('drain', writeMore);
          return;
        }
      }
      outgoing.end();
    };
    writeMore();
  });
}
