import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/helpers.js';
import { type Answer, TARGETS, type Target } from './targets.js';

const TTL = 300_000;
const COOLDOWN = 30_000;
const TIMEOUT = 400;

let issuer: TestIssuer;
let clock: FakeClock;
let target: Target | undefined;

beforeEach(async () => {
  issuer = await createTestIssuer();
  clock = new FakeClock();
});
afterEach(async () => {
  await target?.close();
  target = undefined;
  issuer.setOutage(false);
  await issuer.close();
});

const auth = (token: string) => ({ authorization: `Bearer ${token}` });

function options() {
  return {
    jwksUrl: issuer.jwksUrl,
    now: clock.now,
    jwksTimeoutInMs: TIMEOUT,
    jwksCacheTtlInMs: TTL,
    jwksCooldownInMs: COOLDOWN,
  };
}

function mintMany(count: number): Promise<string[]> {
  return Promise.all(
    Array.from({ length: count }, (_, i) =>
      issuer.mintSessionToken({ userId: `user_${i}`, issuedAt: clock.seconds, expiresInSeconds: 7200 }),
    ),
  );
}

/** A token naming a kid the issuer never published: the kid check comes before the signature. */
function withRandomKid(token: string): string {
  const [, payload, signature] = token.split('.');
  const header = Buffer.from(
    JSON.stringify({ alg: 'RS256', typ: 'JWT', kid: `kid_${Math.random().toString(36).slice(2)}` }),
  );
  return `${header.toString('base64url')}.${payload}.${signature}`;
}

/** Sends `count` requests, `concurrency` at a time, moving the fake clock `stepMs` before each. */
async function drive(
  count: number,
  concurrency: number,
  stepMs: number,
  request: (i: number) => Promise<Answer>,
  onEach?: (i: number) => void,
): Promise<Answer[]> {
  const answers: Answer[] = new Array(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        onEach?.(i);
        clock.advance(stepMs);
        answers[i] = await request(i);
      }
    }),
  );
  return answers;
}

describe.each(Object.keys(TARGETS))('key-server faults through %s', (name) => {
  const start = TARGETS[name]!;

  it('an outage longer than the TTL (error, then timeout): 10,000 valid requests, none rejected, one retry per cooldown at most', async () => {
    target = await start(options());
    const tokens = await mintMany(200);
    expect((await target.get('/me', auth(tokens[0]!))).status).toBe(200);
    expect(issuer.stats.jwksRequests).toBe(1);

    issuer.setOutage('error');
    const outageStart = clock.ms;
    const stepMs = 50; // 10,000 requests span 500 s of (fake) time: past the 300 s TTL.
    const answers = await drive(
      10_000,
      10,
      stepMs,
      (i) => target!.get('/me', auth(tokens[i % tokens.length]!)),
      (i) => {
        if (i === 4_000) issuer.setOutage('timeout');
      },
    );
    const rejected = answers.filter((a) => a.status !== 200);
    expect(rejected.length).toBe(0);

    // Attempts can only start once the set is past its TTL, then at most one per cooldown.
    const staleSpan = clock.ms - (outageStart - 0) - TTL;
    const attempts = issuer.stats.jwksRequests - 1;
    expect(attempts).toBeGreaterThanOrEqual(1);
    expect(attempts).toBeLessThanOrEqual(Math.floor(staleSpan / COOLDOWN) + 1);
  }, 120_000);

  it('cold start while the issuer is down: 503 with Retry-After within the timeout, then recovery once the backoff passes', async () => {
    const [token] = await mintMany(1);
    issuer.setOutage('timeout');
    target = await start(options());
    const started = performance.now();
    const down = await target.get('/me', auth(token!));
    const elapsed = performance.now() - started;
    expect(down.status).toBe(503);
    expect(down.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(JSON.parse(down.body)).toEqual({ error: 'auth_unavailable' });
    expect(elapsed).toBeLessThan(TIMEOUT + 500);

    // Inside the first backoff step (1 s) the issuer is not asked again, whatever it would answer.
    issuer.setOutage('error');
    expect((await target.get('/me', auth(token!))).status).toBe(503);
    issuer.setOutage(false);
    expect((await target.get('/me', auth(token!))).status).toBe(503);
    expect(issuer.stats.jwksRequests).toBe(1);
    clock.advance(1_000);
    const back = await target.get('/me', auth(token!));
    expect(back.status).toBe(200);
    expect(JSON.parse(back.body)).toEqual({ userId: 'user_0' });
  });

  it('cold start against a key server that stays down: 200 requests in one second are 503 at once and cost at most 2 fetches', async () => {
    const [token] = await mintMany(1);
    issuer.setOutage('error');
    target = await start(options());
    const answers = await drive(200, 10, 5, () => target!.get('/me', auth(token!)));
    expect(
      answers.every(
        (a) => a.status === 503 && a.headers.get('x-clerk-auth-reason') === 'jwk-remote-failed-to-load',
      ),
    ).toBe(true);
    expect(issuer.stats.jwksRequests).toBeGreaterThanOrEqual(1);
    expect(issuer.stats.jwksRequests).toBeLessThanOrEqual(2);
  });

  it('rotation: one fetch for the new kid, both keys pass while published, the removed key fails even from the cache', async () => {
    target = await start(options());
    const [oldToken] = await mintMany(1);
    expect((await target.get('/me', auth(oldToken!))).status).toBe(200);
    expect(issuer.stats.jwksRequests).toBe(1);

    await issuer.rotateKeys();
    clock.advance(COOLDOWN);
    const newToken = await issuer.mintSessionToken({
      userId: 'user_new',
      issuedAt: clock.seconds,
      expiresInSeconds: 7200,
    });
    expect((await target.get('/me', auth(newToken))).status).toBe(200);
    expect(issuer.stats.jwksRequests).toBe(2);
    for (let i = 0; i < 5; i++) {
      expect((await target.get('/me', auth(oldToken!))).status).toBe(200);
      expect((await target.get('/me', auth(newToken))).status).toBe(200);
    }
    expect(issuer.stats.jwksRequests).toBe(2);

    issuer.removeOldKeys();
    clock.advance(TTL);
    const removed = await target.get('/me', auth(oldToken!));
    expect(removed.status).toBe(401);
    expect(removed.headers.get('x-clerk-auth-reason')).toBe('jwk-kid-mismatch');
    expect((await target.get('/me', auth(newToken))).status).toBe(200);
  });

  it('a flood of 10,000 random kids costs at most one fetch per cooldown', async () => {
    target = await start(options());
    const [token] = await mintMany(1);
    expect((await target.get('/me', auth(token!))).status).toBe(200);
    const floodStart = clock.ms;
    const answers = await drive(10_000, 10, 10, () => target!.get('/me', auth(withRandomKid(token!))));
    expect(
      answers.every((a) => a.status === 401 && a.headers.get('x-clerk-auth-reason') === 'jwk-kid-mismatch'),
    ).toBe(true);
    const fetches = issuer.stats.jwksRequests - 1;
    expect(fetches).toBeLessThanOrEqual(Math.floor((clock.ms - floodStart) / COOLDOWN) + 1);
  }, 120_000);

  it('1,000 concurrent cold requests cost one fetch', async () => {
    target = await start(options());
    const tokens = await mintMany(50);
    const answers = await Promise.all(
      Array.from({ length: 1_000 }, (_, i) => target!.get('/me', auth(tokens[i % tokens.length]!))),
    );
    expect(answers.every((a) => a.status === 200)).toBe(true);
    expect(issuer.stats.jwksRequests).toBe(1);
  }, 60_000);
});
