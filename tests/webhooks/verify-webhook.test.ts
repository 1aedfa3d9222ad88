/**
 * SPEC §10, the core's verifyWebhook: deliveries signed by the test issuer, by Svix's own signer
 * and by the Standard Webhooks library; every failure reason; replay and time with an injected
 * clock; the 1 MiB limit on strings, bytes and streams; the typed result.
 */
import { randomBytes } from 'node:crypto';
import {
  type CacheStore,
  ConfigurationError,
  createAuthenticator,
  isWebhookEventType,
  SessionguardError,
  verifyWebhook,
  type WebhookEvent,
  type WebhookOptions,
  type WebhookUserJSON,
  WebhookVerificationErrorReason,
} from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it, vi } from 'vitest';
import { refusal, userUpdated } from './helpers.js';

const MiB = 1024 * 1024;
const NOW = 1_764_576_000_000; // the injected clock, ms
const NOW_S = NOW / 1000;

let issuer: TestIssuer;
let options: WebhookOptions;
const otherSecret = `whsec_${randomBytes(24).toString('base64')}`;

beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

/** Fresh options (own replay store) so each test is independent of the others' ids. */
function fresh(extra: Partial<WebhookOptions> = {}): WebhookOptions {
  options = {
    signingSecret: issuer.webhookSigningSecret,
    now: () => NOW,
    cacheStore: memoryStore(),
    ...extra,
  };
  return options;
}

function memoryStore(): CacheStore & { entries: Map<string, unknown> } {
  const entries = new Map<string, unknown>();
  return {
    entries,
    get: (key) => entries.get(key),
    set: (key, value) => {
      entries.set(key, value);
    },
    delete: (key) => {
      entries.delete(key);
    },
  };
}

function signed(event: Parameters<TestIssuer['signWebhook']>[0] = userUpdated(), extra = {}) {
  return issuer.signWebhook(event, { timestamp: NOW_S, ...extra });
}

describe('verifyWebhook: valid deliveries', () => {
  it('verifies the issuer’s delivery from a { headers, body } pair and returns the event', async () => {
    const event = await verifyWebhook(signed(), fresh());
    expect(event).toEqual(userUpdated());
    expect(event.type).toBe('user.updated');
  });

  it('verifies a WHATWG Request, a Uint8Array body and the Standard Webhooks header names', async () => {
    const delivery = signed(userUpdated(), { headerNames: 'webhook' });
    expect(Object.keys(delivery.headers)).toContain('webhook-signature');
    const request = new Request('http://app.test/webhooks', {
      method: 'POST',
      headers: delivery.headers,
      body: delivery.body,
    });
    expect((await verifyWebhook(request, fresh())).type).toBe('user.updated');
    const bytes = signed(userUpdated(), { headerNames: 'webhook' });
    const event = await verifyWebhook(
      { headers: bytes.headers, body: new TextEncoder().encode(bytes.body) },
      fresh(),
    );
    expect(event.data.id).toBe('user_2x');
  });

  it('accepts header names in any case in a plain record', async () => {
    const { headers, body } = signed();
    const upper = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name.toUpperCase(), value]),
    );
    expect((await verifyWebhook({ headers: upper, body }, fresh())).type).toBe('user.updated');
  });

  it('verifies a delivery signed by the svix package’s own signer (svix-* headers)', async () => {
    const body = JSON.stringify(userUpdated());
    const signature = new SvixWebhook(issuer.webhookSigningSecret).sign('msg_svix1', new Date(NOW), body);
    const headers = { 'svix-id': 'msg_svix1', 'svix-timestamp': String(NOW_S), 'svix-signature': signature };
    expect((await verifyWebhook({ headers, body }, fresh())).type).toBe('user.updated');
  });

  it('verifies a delivery signed by the standardwebhooks library (webhook-* headers)', async () => {
    const body = JSON.stringify({
      type: 'session.created',
      object: 'event',
      data: { object: 'session', id: 'sess_1' },
    });
    const signature = new StandardWebhook(issuer.webhookSigningSecret).sign('msg_sw1', new Date(NOW), body);
    const headers = {
      'webhook-id': 'msg_sw1',
      'webhook-timestamp': String(NOW_S),
      'webhook-signature': signature,
    };
    expect((await verifyWebhook({ headers, body }, fresh())).type).toBe('session.created');
  });

  it('passes when one entry of the signature list matches: a rotated-out secret first, another scheme too', async () => {
    const { headers, body } = signed();
    const old = new StandardWebhook(otherSecret).sign(headers['svix-id'] as string, new Date(NOW), body);
    headers['svix-signature'] = `v1a,c29tZXRoaW5n ${old} ${headers['svix-signature']}`;
    expect((await verifyWebhook({ headers, body }, fresh())).type).toBe('user.updated');
  });

  it('checks the bytes as sent: unusual JSON formatting (spaces, key order, \\u escapes) verifies unchanged', async () => {
    const body =
      '{ "data" : {"id":"user_\\u0032x" ,\n "first_name": "\\u00c9mile \\ud83d\\ude00", "object":"user"},\t"type":"user.updated" ,"object":"event"}';
    // A verifier that re-serializes the parsed body would sign different bytes and refuse it.
    expect(JSON.stringify(JSON.parse(body))).not.toBe(body);
    const event = await verifyWebhook(signed(body), fresh());
    expect(event.data.id).toBe('user_2x');
    expect(event.data.first_name).toBe('Émile 😀');
  });

  it('accepts the same timestamp both ways up to the tolerance, inclusive', async () => {
    for (const offset of [-300, 300]) {
      expect((await verifyWebhook(signed(userUpdated(), { timestamp: NOW_S + offset }), fresh())).type).toBe(
        'user.updated',
      );
    }
  });

  it('types the result as a union on type, with a fallback for other types', async () => {
    const event: WebhookEvent = await verifyWebhook(signed(), fresh());
    if (isWebhookEventType(event, 'user.updated')) {
      expectTypeOf(event.data).toEqualTypeOf<WebhookUserJSON>();
      expect(event.data.email_addresses[0]?.email_address).toBe('ada@example.com');
    } else {
      throw new Error('not narrowed');
    }
    const other = await verifyWebhook(signed({ type: 'email.created', data: { id: 'ema_1' } }), fresh());
    expect(other.type).toBe('email.created');
    expect(isWebhookEventType(other, 'user.updated')).toBe(false);
    expectTypeOf<WebhookEvent['type']>().toEqualTypeOf<string>();
  });
});

describe('verifyWebhook: every failure reason', () => {
  const cases: Array<{
    name: string;
    reason: WebhookVerificationErrorReason;
    delivery: () => { headers: Record<string, string>; body: string };
  }> = [
    ...(['id', 'timestamp', 'signature'] as const).map((field) => ({
      name: `no svix-${field} header`,
      reason: WebhookVerificationErrorReason.HeadersMissing,
      delivery: () => {
        const d = signed();
        delete d.headers[`svix-${field}`];
        return d;
      },
    })),
    {
      name: 'svix-id and webhook-id disagree',
      reason: WebhookVerificationErrorReason.HeadersMissing,
      delivery: () => {
        const d = signed();
        d.headers['webhook-id'] = 'msg_other';
        return d;
      },
    },
    {
      name: 'an id with spaces',
      reason: WebhookVerificationErrorReason.HeadersMissing,
      delivery: () => signed(userUpdated(), { id: 'msg 1' }),
    },
    ...['123abc', '-5', '1.5e9', '1764576000.5'].map((timestamp) => ({
      name: `timestamp ${timestamp}`,
      reason: WebhookVerificationErrorReason.TimestampInvalid,
      delivery: () => {
        const d = signed();
        d.headers['svix-timestamp'] = timestamp;
        return d;
      },
    })),
    ...[-301, 301, -86_400].map((offset) => ({
      name: `timestamp ${offset} s from now`,
      reason: WebhookVerificationErrorReason.TimestampOutOfTolerance,
      delivery: () => signed(userUpdated(), { timestamp: NOW_S + offset }),
    })),
    {
      name: 'tampered body',
      reason: WebhookVerificationErrorReason.SignatureInvalid,
      delivery: () => {
        const d = signed();
        return { ...d, body: d.body.replace('Ada', 'Eve') };
      },
    },
    {
      name: 'tampered id header',
      reason: WebhookVerificationErrorReason.SignatureInvalid,
      delivery: () => {
        const d = signed();
        d.headers['svix-id'] = 'msg_forged';
        return d;
      },
    },
    {
      name: 'tampered timestamp header (still within tolerance)',
      reason: WebhookVerificationErrorReason.SignatureInvalid,
      delivery: () => {
        const d = signed();
        d.headers['svix-timestamp'] = String(NOW_S + 1);
        return d;
      },
    },
    {
      name: 'signed with another secret',
      reason: WebhookVerificationErrorReason.SignatureInvalid,
      delivery: () => {
        const body = JSON.stringify(userUpdated());
        const signature = new StandardWebhook(otherSecret).sign('msg_x', new Date(NOW), body);
        return {
          headers: { 'svix-id': 'msg_x', 'svix-timestamp': String(NOW_S), 'svix-signature': signature },
          body,
        };
      },
    },
    {
      name: 'a signature of another scheme only (v2)',
      reason: WebhookVerificationErrorReason.SignatureInvalid,
      delivery: () => {
        const d = signed();
        d.headers['svix-signature'] = (d.headers['svix-signature'] as string).replace('v1,', 'v2,');
        return d;
      },
    },
    ...[
      ['not JSON', 'type=user.updated'],
      ['an array', '[{"type":"user.updated","data":{}}]'],
      ['no type', '{"object":"event","data":{}}'],
      ['no data', '{"object":"event","type":"user.updated"}'],
      ['data not an object', '{"type":"user.updated","data":"x"}'],
      ['empty', ''],
    ].map(([name, body]) => ({
      name: `body ${name}`,
      reason: WebhookVerificationErrorReason.BodyInvalid,
      delivery: () => signed(body as string),
    })),
    {
      name: 'body over 1 MiB',
      reason: WebhookVerificationErrorReason.BodyTooLarge,
      delivery: () => signed({ type: 'user.updated', data: { pad: 'x'.repeat(MiB) } }),
    },
  ];

  it.each(cases)('$name → $reason', async ({ reason, delivery }) => {
    const { headers, body } = delivery();
    const error = await refusal(() => verifyWebhook({ headers, body }, fresh()));
    expect(error.reason).toBe(reason);
    expect(error.status).toBe(reason === 'webhook-body-too-large' ? 413 : 400);
    expect(error.code).toBe(error.reason);
    expect(error).toBeInstanceOf(SessionguardError);
    expect(error.name).toBe('WebhookVerificationError');
    // Nothing secret and nothing from the body or the signature in the message.
    const secretPart = issuer.webhookSigningSecret.slice('whsec_'.length);
    expect(error.message).not.toContain(secretPart.slice(0, 8));
    expect(error.message).not.toContain(otherSecret.slice(6, 14));
    const signature = headers['svix-signature'] ?? '';
    if (signature.length > 10) expect(error.message).not.toContain(signature.slice(3, 15));
    if (body.length > 4) expect(error.message).not.toContain(body.slice(0, 12));
    expect(error.message).not.toMatch(/Ada|Eve|user_2x/);
  });

  it('refuses bytes that are not UTF-8 as webhook-body-invalid', async () => {
    const { headers } = signed();
    const error = await refusal(() =>
      verifyWebhook({ headers, body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]) }, fresh()),
    );
    expect(error.reason).toBe('webhook-body-invalid');
  });

  it('refuses a Request whose body was already read', async () => {
    const { headers, body } = signed();
    const request = new Request('http://app.test/', { method: 'POST', headers, body });
    await request.text();
    expect((await refusal(() => verifyWebhook(request, fresh()))).reason).toBe('webhook-body-invalid');
  });
});

describe('verifyWebhook: replay', () => {
  it('refuses the same id the second time within the tolerance', async () => {
    const opts = fresh();
    const delivery = signed();
    await verifyWebhook(delivery, opts);
    const error = await refusal(() => verifyWebhook(delivery, opts));
    expect(error.reason).toBe('webhook-replayed');
    expect(error.status).toBe(400);
    // The id, even with a new valid signature and timestamp, is still refused.
    const again = signed(userUpdated(), { id: delivery.headers['svix-id'], timestamp: NOW_S + 60 });
    expect((await refusal(() => verifyWebhook(again, opts))).reason).toBe('webhook-replayed');
  });

  it('refuses it across two verifiers that share one cacheStore, whose keys hold no secret or id', async () => {
    const store = memoryStore();
    const first = { signingSecret: issuer.webhookSigningSecret, now: () => NOW, cacheStore: store };
    const second = { signingSecret: issuer.webhookSigningSecret, now: () => NOW + 1000, cacheStore: store };
    const delivery = signed();
    await verifyWebhook(delivery, first);
    expect((await refusal(() => verifyWebhook(delivery, second))).reason).toBe('webhook-replayed');
    const [key, value] = [...store.entries][0] as [string, { expiresAt: number }];
    expect(key).toMatch(/^webhook:[0-9a-f]{64}$/);
    expect(JSON.stringify(value)).not.toContain(delivery.headers['svix-id']);
    // Remembered until the timestamp leaves the tolerance window.
    expect(value.expiresAt).toBeGreaterThan(NOW + 300_000);
  });

  it('refuses it across two authenticators that share one cacheStore (the authenticator option)', async () => {
    const store = memoryStore();
    const instanceA = createAuthenticator({ jwksUrl: issuer.jwksUrl, cacheStore: store });
    const instanceB = createAuthenticator({ jwksUrl: issuer.jwksUrl, cacheStore: store });
    const options = (authenticator: typeof instanceA) => ({
      signingSecret: issuer.webhookSigningSecret,
      now: () => NOW,
      authenticator,
    });
    const delivery = signed();
    await verifyWebhook(delivery, options(instanceA));
    expect(store.entries.size).toBe(1);
    expect((await refusal(() => verifyWebhook(delivery, options(instanceB)))).reason).toBe(
      'webhook-replayed',
    );
  });

  it('refuses it through the default in-memory store even when each call builds new options', async () => {
    const delivery = issuer.signWebhook(userUpdated());
    await verifyWebhook(delivery, { signingSecret: issuer.webhookSigningSecret });
    const error = await refusal(() =>
      verifyWebhook(delivery, { signingSecret: issuer.webhookSigningSecret }),
    );
    expect(error.reason).toBe('webhook-replayed');
  });

  it('does not refuse the same message to two endpoints (two secrets) that share a store', async () => {
    const store = memoryStore();
    const body = JSON.stringify(userUpdated());
    const headersFor = (secret: string) => ({
      'svix-id': 'msg_shared',
      'svix-timestamp': String(NOW_S),
      'svix-signature': new StandardWebhook(secret).sign('msg_shared', new Date(NOW), body),
    });
    await verifyWebhook(
      { headers: headersFor(issuer.webhookSigningSecret), body },
      fresh({ cacheStore: store }),
    );
    await verifyWebhook(
      { headers: headersFor(otherSecret), body },
      { signingSecret: otherSecret, now: () => NOW, cacheStore: store },
    );
    expect(store.entries.size).toBe(2);
  });

  it('accepts the id again once its timestamp has left the tolerance window (a new delivery would be stale anyway)', async () => {
    const opts = fresh();
    const delivery = signed();
    await verifyWebhook(delivery, opts);
    let clock = NOW + 302_000;
    const later = { ...opts, now: () => clock };
    const resent = signed(userUpdated(), { id: delivery.headers['svix-id'], timestamp: NOW_S + 302 });
    expect((await verifyWebhook(resent, later)).type).toBe('user.updated');
    clock += 1;
    expect((await refusal(() => verifyWebhook(resent, later))).reason).toBe('webhook-replayed');
  });

  it('refuses with 503 when the store fails (cannot prove the id is new), and replayProtection: false turns the check off', async () => {
    const failing: CacheStore = {
      get: () => Promise.reject(new Error('store down')),
      set: () => Promise.resolve(),
      delete: () => Promise.resolve(),
    };
    const error = await refusal(() => verifyWebhook(signed(), fresh({ cacheStore: failing })));
    expect(error.reason).toBe('webhook-replay-check-unavailable');
    expect(error.status).toBe(503);
    expect(error.retryAfterSeconds).toBe(5);
    const off = fresh({ replayProtection: false });
    const delivery = signed();
    await verifyWebhook(delivery, off);
    expect((await verifyWebhook(delivery, off)).type).toBe('user.updated');
  });

  it('lets only one of two concurrent copies through with the default store', async () => {
    const opts = { signingSecret: issuer.webhookSigningSecret, now: () => NOW };
    const delivery = signed();
    const results = await Promise.allSettled([verifyWebhook(delivery, opts), verifyWebhook(delivery, opts)]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });
});

describe('verifyWebhook: the 1 MiB limit', () => {
  it('accepts exactly 1 MiB and refuses one byte more (bytes, not characters)', async () => {
    const template = JSON.stringify({ type: 'user.updated', data: { pad: '' } });
    const exact = template.replace('"pad":""', `"pad":"${'x'.repeat(MiB - template.length)}"`);
    expect(exact.length).toBe(MiB);
    expect((await verifyWebhook(signed(exact), fresh())).type).toBe('user.updated');
    // One two-byte character makes it one byte over, with the same number of characters.
    const over = exact.replace('xx', 'éx').slice(0, MiB);
    const error = await refusal(() => verifyWebhook(signed(`${over.slice(0, -3)}"}}`), fresh()));
    expect(error.reason).toBe('webhook-body-too-large');
    expect(error.status).toBe(413);
  });

  it('refuses a declared Content-Length over the limit without reading the body', async () => {
    const { headers } = signed();
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const error = await refusal(() =>
      verifyWebhook({ headers: { ...headers, 'content-length': String(2 * MiB) }, body: stream }, fresh()),
    );
    expect(error.status).toBe(413);
    expect(pulled).toBeLessThanOrEqual(1); // a ReadableStream may pull once when built
  });

  it('stops reading an endless stream at the limit (WHATWG stream and async iterable)', async () => {
    const { headers } = signed();
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    let pulledBytes = 0;
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulledBytes += chunk.byteLength;
        controller.enqueue(chunk);
      },
      cancel() {
        cancelled = true;
      },
    });
    expect((await refusal(() => verifyWebhook({ headers, body: stream }, fresh()))).status).toBe(413);
    expect(pulledBytes).toBeLessThanOrEqual(MiB + 3 * chunk.byteLength);
    expect(cancelled).toBe(true);

    let yielded = 0;
    async function* endless() {
      for (;;) {
        yielded += chunk.byteLength;
        yield chunk;
      }
    }
    expect((await refusal(() => verifyWebhook({ headers, body: endless() }, fresh()))).status).toBe(413);
    expect(yielded).toBeLessThanOrEqual(MiB + chunk.byteLength);
  });
});

describe('verifyWebhook: configuration', () => {
  it('takes the secret from CLERK_WEBHOOK_SIGNING_SECRET when no option is given', async () => {
    vi.stubEnv('CLERK_WEBHOOK_SIGNING_SECRET', issuer.webhookSigningSecret);
    try {
      expect((await verifyWebhook(issuer.signWebhook(userUpdated()))).type).toBe('user.updated');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it.each([
    ['missing', undefined],
    ['blank', '  '],
    ['without whsec_', randomBytes(24).toString('base64')],
    ['not base64', 'whsec_not*base64!'],
    ['empty after the prefix', 'whsec_'],
    ['not a string', 42],
  ])(
    'a secret that is %s is a ConfigurationError naming the option and its env variable',
    async (_, secret) => {
      vi.stubEnv('CLERK_WEBHOOK_SIGNING_SECRET', undefined);
      try {
        const error = await verifyWebhook(signed(), { signingSecret: secret as string }).catch(
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ConfigurationError);
        const message = (error as Error).message;
        expect(message).toContain('signingSecret');
        expect(message).toContain('CLERK_WEBHOOK_SIGNING_SECRET');
        expect(message).toContain('whsec_');
        if (typeof secret === 'string' && secret.trim().length > 6)
          expect(message).not.toContain(secret.slice(6));
      } finally {
        vi.unstubAllEnvs();
      }
    },
  );

  it('refuses a negative or non-finite tolerance at once, naming the option', async () => {
    for (const toleranceInSeconds of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      const error = await verifyWebhook(signed(), fresh({ toleranceInSeconds })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain('toleranceInSeconds');
    }
  });

  it('refuses a replayProtection that is not a boolean and a cacheStore without get/set/delete', async () => {
    const bad: WebhookOptions[] = [
      fresh({ replayProtection: 'no' as unknown as boolean }),
      fresh({ cacheStore: { get: () => undefined } as unknown as CacheStore }),
    ];
    for (const [i, option] of bad.entries()) {
      const error = await verifyWebhook(signed(), option).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect((error as Error).message).toContain(i === 0 ? 'replayProtection' : 'cacheStore');
    }
  });

  it('honours toleranceInSeconds', async () => {
    const delivery = signed(userUpdated(), { timestamp: NOW_S - 61 });
    const error = await refusal(() => verifyWebhook(delivery, fresh({ toleranceInSeconds: 60 })));
    expect(error.reason).toBe('webhook-timestamp-out-of-tolerance');
    expect(error.message).toContain('60 seconds');
  });
});
