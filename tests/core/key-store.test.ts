import {
  type Authenticator,
  type AuthOptions,
  createAuthenticator,
  type Logger,
  type RequestLike,
} from '@sessionguard/core';
import { authenticateEagerly } from '@sessionguard/core/adapter';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bearer, FakeClock } from './helpers.js';

const TTL = 300_000;
/** Given explicitly: the tests count fetches per cooldown, whatever the default is. */
const COOLDOWN = 10_000;

let issuer: TestIssuer;
let clock: FakeClock;
beforeEach(async () => {
  issuer = await createTestIssuer();
  clock = new FakeClock();
});
afterEach(() => issuer.close());

function authenticatorFor(options: AuthOptions = {}) {
  return createAuthenticator({
    jwksUrl: issuer.jwksUrl,
    now: clock.now,
    jwksCooldownInMs: COOLDOWN,
    ...options,
  });
}

async function mint(extra: Record<string, unknown> = {}) {
  return issuer.mintSessionToken({
    userId: 'u',
    issuedAt: clock.seconds,
    expiresInSeconds: 86_400 * 3,
    ...extra,
  });
}

describe('SPEC §4.2 key store', () => {
  it('is fresh for jwksCacheTtlInMs, then fetched again', async () => {
    const authenticator = authenticatorFor();
    const token = await mint();
    for (let i = 0; i < 5; i++)
      expect((await authenticator.authenticateRequest(bearer(token))).status).toBe('signed-in');
    expect(issuer.stats.jwksRequests).toBe(1);
    clock.advance(TTL - 1);
    await authenticator.authenticateRequest(bearer(await mint({ sessionId: 'sess_2' })));
    expect(issuer.stats.jwksRequests).toBe(1);
    clock.advance(1);
    await authenticator.authenticateRequest(bearer(await mint({ sessionId: 'sess_3' })));
    expect(issuer.stats.jwksRequests).toBe(2);
  });

  it('makes one fetch for many concurrent cold requests (single flight)', async () => {
    const authenticator = authenticatorFor();
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => mint({ sessionId: `sess_${i}` })));
    const states = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        authenticator.authenticateRequest(bearer(tokens[i % tokens.length]!)),
      ),
    );
    expect(states.every((s) => s.status === 'signed-in')).toBe(true);
    expect(issuer.stats.jwksRequests).toBe(1);
  });

  it('refetches for an unknown kid at most once per jwksCooldownInMs, counted from the kid-caused fetch', async () => {
    const authenticator = authenticatorFor();
    await authenticator.authenticateRequest(bearer(await mint()));
    expect(issuer.stats.jwksRequests).toBe(1);
    const randomKid = () => mint({ header: { kid: `kid_${Math.random()}` } });

    // The first load does not start the cooldown: the first unknown kid refetches at once...
    expect((await authenticator.authenticateRequest(bearer(await randomKid()))).reason).toBe(
      'jwk-kid-mismatch',
    );
    expect(issuer.stats.jwksRequests).toBe(2);
    // ...and that refetch does: the rest of the flood fails at once, with no fetch.
    for (let i = 0; i < 50; i++)
      expect((await authenticator.authenticateRequest(bearer(await randomKid()))).reason).toBe(
        'jwk-kid-mismatch',
      );
    clock.advance(COOLDOWN - 1);
    expect((await authenticator.authenticateRequest(bearer(await randomKid()))).reason).toBe(
      'jwk-kid-mismatch',
    );
    expect(issuer.stats.jwksRequests).toBe(2);

    clock.advance(1);
    const flood = await Promise.all(
      Array.from({ length: 50 }, async () => authenticator.authenticateRequest(bearer(await randomKid()))),
    );
    expect(flood.every((s) => s.reason === 'jwk-kid-mismatch')).toBe(true);
    expect(issuer.stats.jwksRequests).toBe(3);
  });

  it('rotation right after start-up: the first new-key token refetches at once and signs in', async () => {
    const authenticator = authenticatorFor();
    const oldToken = await mint();
    expect((await authenticator.authenticateRequest(bearer(oldToken))).status).toBe('signed-in');
    await issuer.rotateKeys(); // no time passes: inside any cooldown the first load could have started
    const newToken = await mint();
    expect((await authenticator.authenticateRequest(bearer(newToken))).status).toBe('signed-in');
    expect((await authenticator.authenticateRequest(bearer(oldToken))).status).toBe('signed-in');
    expect(issuer.stats.jwksRequests).toBe(2);
    // The rotation's refetch did start the cooldown: a random kid now costs nothing.
    const stray = await mint({ header: { kid: 'kid_stray' } });
    expect((await authenticator.authenticateRequest(bearer(stray))).reason).toBe('jwk-kid-mismatch');
    expect(issuer.stats.jwksRequests).toBe(2);
  });

  it('a TTL refresh does not start the cooldown either; a kid unknown right after it waits for no second fetch', async () => {
    const authenticator = authenticatorFor();
    await authenticator.authenticateRequest(bearer(await mint()));
    clock.advance(TTL);
    // This request finds the set due: it refreshes it (one fetch) and the kid is still unknown.
    const stray = await mint({ header: { kid: 'kid_stray' } });
    expect((await authenticator.authenticateRequest(bearer(stray))).reason).toBe('jwk-kid-mismatch');
    expect(issuer.stats.jwksRequests).toBe(2);
    // The refresh was not caused by an unknown kid: a rotation now is still seen at once.
    await issuer.rotateKeys();
    expect((await authenticator.authenticateRequest(bearer(await mint()))).status).toBe('signed-in');
    expect(issuer.stats.jwksRequests).toBe(3);
  });

  it('rotation: a new kid costs one fetch; old and new tokens pass while both are published', async () => {
    const authenticator = authenticatorFor();
    const oldToken = await mint();
    await authenticator.authenticateRequest(bearer(oldToken));
    await issuer.rotateKeys();
    clock.advance(COOLDOWN);
    const newToken = await mint();
    expect((await authenticator.authenticateRequest(bearer(newToken))).status).toBe('signed-in');
    expect((await authenticator.authenticateRequest(bearer(oldToken))).status).toBe('signed-in');
    expect(issuer.stats.jwksRequests).toBe(2);
  });

  it('keeps serving the last good set while the endpoint fails (stale-if-error), one retry per cooldown', async () => {
    const authenticator = authenticatorFor({ jwksStaleIfErrorInMs: 3_600_000 });
    const token = await mint();
    await authenticator.authenticateRequest(bearer(token));
    issuer.setOutage('error');
    clock.advance(TTL);
    for (let i = 0; i < 20; i++)
      expect((await authenticator.authenticateRequest(bearer(token))).status).toBe('signed-in');
    expect(issuer.stats.jwksRequests).toBe(2);
    clock.advance(COOLDOWN);
    for (let i = 0; i < 20; i++)
      expect((await authenticator.authenticateRequest(bearer(token))).status).toBe('signed-in');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(issuer.stats.jwksRequests).toBe(3);

    // Past the stale window: nothing usable is left.
    clock.advance(3_600_000);
    expect((await authenticator.authenticateRequest(bearer(token))).reason).toBe('jwk-remote-failed-to-load');

    // Nothing usable is left, so the failure starts the backoff (1 s): the next try waits for it.
    issuer.setOutage(false);
    const requestsBefore = issuer.stats.jwksRequests;
    expect((await authenticator.authenticateRequest(bearer(token))).reason).toBe('jwk-remote-failed-to-load');
    expect(issuer.stats.jwksRequests).toBe(requestsBefore);
    clock.advance(1_000);
    expect((await authenticator.authenticateRequest(bearer(token))).status).toBe('signed-in');
  });

  it('a hanging endpoint costs at most jwksTimeoutInMs, then the stale set serves', async () => {
    const authenticator = authenticatorFor({ jwksTimeoutInMs: 200 });
    const token = await mint();
    await authenticator.authenticateRequest(bearer(token));
    issuer.setOutage('timeout');
    clock.advance(TTL);
    const started = performance.now();
    expect((await authenticator.authenticateRequest(bearer(token))).status).toBe('signed-in');
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await authenticator.authenticateRequest(bearer(token))).status).toBe('signed-in');
  });

  it('cold start while the endpoint is down fails with jwk-remote-failed-to-load, and recovers once the backoff passes', async () => {
    const authenticator = authenticatorFor({ jwksTimeoutInMs: 200 });
    const token = await mint();
    issuer.setOutage('error');
    expect((await authenticator.authenticateRequest(bearer(token))).reason).toBe('jwk-remote-failed-to-load');
    issuer.setOutage(false);
    expect((await authenticator.authenticateRequest(bearer(token))).reason).toBe('jwk-remote-failed-to-load');
    expect(issuer.stats.jwksRequests).toBe(1);
    clock.advance(1_000);
    expect((await authenticator.authenticateRequest(bearer(token))).status).toBe('signed-in');
  });

  it('treats a non-200, bad JSON or an empty keys list as a failed load', async () => {
    for (const body of ['not json', '{"keys":[]}', '{"nokeys":true}', '[]']) {
      const fakeIssuerFetch: typeof fetch = async () => new Response(body, { status: 200 });
      const state = await createAuthenticator({
        jwksUrl: 'https://issuer.test/jwks',
        fetch: fakeIssuerFetch,
      }).authenticateRequest(bearer(await mint()));
      expect(state.reason, body).toBe('jwk-remote-failed-to-load');
    }
    const notFound: typeof fetch = async () => new Response('{}', { status: 404 });
    expect(
      (
        await createAuthenticator({
          jwksUrl: 'https://issuer.test/jwks',
          fetch: notFound,
        }).authenticateRequest(bearer(await mint()))
      ).reason,
    ).toBe('jwk-remote-failed-to-load');
  });

  it('ignores RSA keys under 2048 bits and keys whose use is not sig', async () => {
    const weak = await issuer.addKey({ modulusLength: 1024 });
    const enc = await issuer.addKey({ use: 'enc' });
    const authenticator = authenticatorFor();
    expect((await authenticator.authenticateRequest(bearer(await mint({ keyId: weak })))).reason).toBe(
      'jwk-kid-mismatch',
    );
    expect((await authenticator.authenticateRequest(bearer(await mint({ keyId: enc })))).reason).toBe(
      'jwk-kid-mismatch',
    );
    expect((await authenticator.authenticateRequest(bearer(await mint()))).status).toBe('signed-in');
  });

  it('imports each key once: an unchanged refresh imports nothing, a rotation imports only the new key', async () => {
    const loads: Array<Record<string, unknown>> = [];
    const logger: Logger = { debug: (message, data) => message === 'jwks loaded' && loads.push(data ?? {}) };
    const authenticator = authenticatorFor({ logger });
    await authenticator.authenticateRequest(bearer(await mint()));
    clock.advance(TTL);
    await authenticator.authenticateRequest(bearer(await mint({ sessionId: 'sess_b' })));
    await issuer.rotateKeys();
    clock.advance(TTL);
    await authenticator.authenticateRequest(bearer(await mint()));
    expect(loads.map((l) => [l.keys, l.imported])).toEqual([
      [1, 1],
      [1, 0],
      [2, 1],
    ]);
  });
});

describe('SPEC §4.4 verified-token cache', () => {
  it('a removed key invalidates tokens already in the cache', async () => {
    const authenticator = authenticatorFor();
    const oldToken = await mint();
    expect((await authenticator.authenticateRequest(bearer(oldToken))).status).toBe('signed-in');
    await issuer.rotateKeys();
    issuer.removeOldKeys();
    clock.advance(TTL);
    await authenticator.authenticateRequest(bearer(await mint()));
    expect((await authenticator.authenticateRequest(bearer(oldToken))).reason).toBe('jwk-kid-mismatch');
  });

  it('repeat requests reuse the verified result, still checking time and status every time', async () => {
    const authenticator = authenticatorFor();
    const token = await issuer.mintSessionToken({
      userId: 'u',
      issuedAt: clock.seconds,
      expiresInSeconds: 60,
    });
    const first = await authenticator.authenticateRequest(bearer(token));
    const second = await authenticator.authenticateRequest(bearer(token));
    const third = await authenticator.authenticateRequest(bearer(token));
    expect(second.auth.sessionClaims).toEqual(first.auth.sessionClaims);
    // A first sight keeps only a small record; the state is built on the first repeat and then reused.
    expect(third).toBe(second);
    clock.advance(66_000);
    expect((await authenticator.authenticateRequest(bearer(token))).reason).toBe('token-expired');
  });

  it('is bounded by max: a token not used while many new ones pass is verified afresh', async () => {
    const authenticator = authenticatorFor({ tokenCache: { max: 8 } });
    const token = await mint();
    await authenticator.authenticateRequest(bearer(token));
    const cached = await authenticator.authenticateRequest(bearer(token));
    expect(await authenticator.authenticateRequest(bearer(token))).toBe(cached);
    for (let i = 0; i < 100; i++) await authenticator.authenticateRequest(bearer(await mint({ n: i })));
    const again = await authenticator.authenticateRequest(bearer(token));
    expect(again).not.toBe(cached);
    expect(again.auth.userId).toBe('u');
  });

  it('keeps a token in use while a flood of new tokens passes through a small cache', async () => {
    const authenticator = authenticatorFor({ tokenCache: { max: 8 } });
    const token = await mint();
    await authenticator.authenticateRequest(bearer(token));
    const cached = await authenticator.authenticateRequest(bearer(token));
    for (let i = 0; i < 100; i++) {
      await authenticator.authenticateRequest(bearer(await mint({ n: i })));
      expect(await authenticator.authenticateRequest(bearer(token))).toBe(cached);
    }
  });

  it('with tokenCache: false every request verifies afresh', async () => {
    const authenticator = authenticatorFor({ tokenCache: false });
    const token = await mint();
    const first = await authenticator.authenticateRequest(bearer(token));
    const second = await authenticator.authenticateRequest(bearer(token));
    const third = await authenticator.authenticateRequest(bearer(token));
    expect(second).not.toBe(first);
    expect(third).not.toBe(second);
    expect(third.auth.userId).toBe('u');
  });
});

describe('authenticateEagerly (what the adapters call)', () => {
  it('answers a cached token or a missing one at once, a first sight through a promise, as authenticateRequest does', async () => {
    const authenticator = authenticatorFor();
    const token = await mint();
    const first = authenticateEagerly(authenticator, bearer(token));
    expect(first).toBeInstanceOf(Promise);
    expect((await first).status).toBe('signed-in');
    const cached = authenticateEagerly(authenticator, bearer(token));
    expect(cached).not.toBeInstanceOf(Promise);
    expect((cached as Awaited<typeof first>).auth.userId).toBe('u');
    const none = authenticateEagerly(authenticator, { headers: {} });
    expect(none).not.toBeInstanceOf(Promise);
    const awaited = await authenticator.authenticateRequest({ headers: {} });
    expect((none as typeof awaited).reason).toBe(awaited.reason);
    expect((none as typeof awaited).headers).toEqual(awaited.headers);
    clock.advance(86_400_000 * 4); // the key set is due for a refresh too: that one is awaited
    expect((await authenticateEagerly(authenticator, bearer(token))).reason).toBe('token-expired');
  });

  it('falls back to authenticateRequest for an authenticator of your own', async () => {
    const inner = authenticatorFor();
    const own: Authenticator = {
      authenticateRequest: (request: RequestLike) => inner.authenticateRequest(request),
      verifyToken: (token) => inner.verifyToken(token),
      verifyMachineToken: (token) => inner.verifyMachineToken(token),
      users: inner.users,
      organizations: inner.organizations,
      options: inner.options,
    };
    const result = authenticateEagerly(own, bearer(await mint()));
    expect(result).toBeInstanceOf(Promise);
    expect((await result).auth.userId).toBe('u');
  });
});
