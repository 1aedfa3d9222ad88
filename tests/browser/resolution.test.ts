import type { RequestState } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/helpers.js';
import { APP_HOST, browserRequest, cookies, harness, run } from './harness.js';

// SPEC §12.5 with the token transport: handshake JWTs minted by the test issuer with its real keys.

let issuer: TestIssuer;
let unpublished: string;
const clock = new FakeClock();
const now = clock.seconds;

beforeAll(async () => {
  issuer = await createTestIssuer();
  unpublished = await issuer.addKey({ publish: false });
});
afterAll(() => issuer.close());

function handshakeJwt(
  directives: unknown,
  options: { header?: Record<string, unknown>; exp?: number; keyId?: string } = {},
): string {
  const kid = options.keyId ?? issuer.currentKid;
  const header = { alg: 'RS256', kid, typ: 'JWT', cat: 'cl_B7d4PD111AAA', ...options.header };
  const payload: Record<string, unknown> = { handshake: directives };
  if (options.exp !== undefined) payload.exp = options.exp;
  return issuer.signJwt(header, payload, options.keyId ? { keyId: options.keyId } : {});
}

const fresh = (issuedAt = now - 5) =>
  issuer.mintSessionToken({ userId: 'user_1', issuedAt, expiresInSeconds: 60 });

function signedInDirectives(session: string): string[] {
  return [
    '__clerk_handshake=; Path=/; Max-Age=0',
    `__session=${session}; Path=/; SameSite=Lax`,
    `__client_uat=${now - 5}; Path=/; SameSite=Strict`,
  ];
}

function expectState(state: RequestState, expected: Partial<RequestState>): void {
  expect(state).toMatchObject(expected);
}

describe('SPEC §12.5: production, a handshake cookie', () => {
  it('continues signed in on the same request, every directive a Set-Cookie in order, private no-store', async () => {
    const h = harness(issuer, 'production', {}, clock);
    const session = await fresh();
    const directives = signedInDirectives(session);
    const cookie = cookies({
      __clerk_handshake: handshakeJwt(directives),
      __client_uat: '0',
      __clerk_redirect_count: '1',
    });
    const state = await run(h, browserRequest('navigation', cookie, '/p'));
    expectState(state, { status: 'signed-in', token: session, location: null, setCookie: directives });
    expect(state.headers['cache-control']).toBe('private, no-store');
  });

  it('a payload without a session signs out: session-token-missing, its directives set (not a failure)', async () => {
    const h = harness(issuer, 'production', {}, clock);
    const directives = ['__session=; Path=/; Max-Age=0', '__client_uat=0; Path=/'];
    const state = await run(
      h,
      browserRequest('navigation', cookies({ __clerk_handshake: handshakeJwt(directives) })),
    );
    expectState(state, {
      status: 'signed-out',
      reason: 'session-token-missing',
      location: null,
      setCookie: directives,
    });
    expect(state.headers).toEqual({
      'x-clerk-auth-status': 'signed-out',
      'x-clerk-auth-reason': 'session-token-missing',
      'cache-control': 'private, no-store',
    });
  });

  it('the last __session* directive is the session', async () => {
    const h = harness(issuer, 'production', {}, clock);
    const first = await fresh(now - 30);
    const last = await fresh(now - 3);
    const directives = [
      `__session=${first}; Path=/`,
      `__session_abc=${last}; Path=/`,
      '__client_uat=1; Path=/',
    ];
    const state = await run(
      h,
      browserRequest('navigation', cookies({ __clerk_handshake: handshakeJwt(directives) })),
    );
    expectState(state, { status: 'signed-in', token: last });
  });

  it('the query transport is ignored in production (ours)', async () => {
    const h = harness(issuer, 'production', {}, clock);
    const token = handshakeJwt(signedInDirectives(await fresh()));
    const state = await run(h, browserRequest('navigation', '', `/p?__clerk_handshake=${token}`));
    expectState(state, { status: 'signed-out', reason: 'session-token-and-uat-missing', setCookie: [] });
  });

  it('handshake cookies are ignored on a fetch (ours)', async () => {
    const h = harness(issuer, 'production', {}, clock);
    const own = await fresh(now - 20);
    const cookie = cookies({
      __clerk_handshake: handshakeJwt(signedInDirectives(await fresh())),
      __session: own,
      __client_uat: String(now - 30),
    });
    expectState(await run(h, browserRequest('fetch', cookie)), {
      status: 'signed-in',
      token: own,
      setCookie: [],
    });
  });
});

describe('SPEC §12.5: development, the query transport', () => {
  it('307 to the cleaned URL, every other parameter kept in order and encoding, with the cookies', async () => {
    const h = harness(issuer, 'development', {}, clock);
    const session = await fresh();
    const directives = [...signedInDirectives(session), '__clerk_db_jwt=dvb_2; Path=/'];
    const path = `/p?a=%20x&__clerk_handshake=${handshakeJwt(directives)}&b=1+2&__clerk_help=1&__clerk_db_jwt=dvb_q#frag`;
    const state = await run(h, browserRequest('navigation', '', path));
    expectState(state, {
      status: 'signed-in',
      token: session,
      location: `http://${APP_HOST}/p?a=%20x&b=1+2#frag`,
      setCookie: directives,
    });
    expect(state.headers['cache-control']).toBe('private, no-store');
  });

  it('a signed-out payload: the 307 with its cookies, session-token-missing', async () => {
    const h = harness(issuer, 'development', {}, clock);
    const directives = ['__session=; Path=/; Max-Age=0', '__client_uat=0; Path=/'];
    const state = await run(
      h,
      browserRequest('navigation', '', `/p?__clerk_handshake=${handshakeJwt(directives)}`),
    );
    expectState(state, {
      status: 'signed-out',
      reason: 'session-token-missing',
      location: `http://${APP_HOST}/p`,
      setCookie: directives,
    });
  });

  it('a session that fails on time alone is retried with a 24 h skew, on development only', async () => {
    const late = await issuer.mintSessionToken({
      userId: 'user_1',
      issuedAt: now - 7200,
      expiresInSeconds: 60,
    });
    const directives = signedInDirectives(late);
    const dev = harness(issuer, 'development', {}, clock);
    const state = await run(
      dev,
      browserRequest('navigation', '', `/p?__clerk_handshake=${handshakeJwt(directives)}`),
    );
    expectState(state, { status: 'signed-in', token: late, setCookie: directives });
    expect(dev.warnings.some((line) => /clock skew/.test(line))).toBe(true);

    const prod = harness(issuer, 'production', {}, clock);
    const cookie = cookies({ __clerk_handshake: handshakeJwt(directives) });
    const refused = await run(prod, browserRequest('navigation', cookie, '/p'));
    expect(refused.headers['x-clerk-auth-message']).toBe('handshake-session-invalid');
    expect(refused.token).toBeNull();
  });
});

describe('SPEC §12.5: a failed resolution falls through to the cookies the browser brought (ours)', () => {
  const cases: [string, () => string][] = [
    [
      'a token signed with a key the instance does not publish',
      () => handshakeJwt([], { keyId: unpublished }),
    ],
    [
      "a JWT template's category",
      () => handshakeJwt(['__session=x'], { header: { cat: 'cl_B7d4PD222AAA' } }),
    ],
    ['an expired handshake token (ours)', () => handshakeJwt(['__session=x'], { exp: now - 3600 })],
    ['a handshake claim that is not a list of strings', () => handshakeJwt([1, 2])],
    ['typ other than JWT', () => handshakeJwt([], { header: { typ: 'at+jwt' } })],
    ['an algorithm other than RS256/384/512', () => handshakeJwt([], { header: { alg: 'PS256' } })],
    ['a directive that would split a header', () => handshakeJwt(['__session=x\r\nSet-Cookie: a=b'])],
    ['not a JWT at all', () => 'garbage'],
  ];

  it.each(cases)(
    '%s: signed in with its own good cookie, the stale cookie deleted, the failure named',
    async (_name, make) => {
      const h = harness(issuer, 'production', {}, clock);
      const own = await fresh(now - 20);
      const cookie = cookies({ __clerk_handshake: make(), __session: own, __client_uat: String(now - 30) });
      const state = await run(h, browserRequest('navigation', cookie, '/p'));
      expectState(state, {
        status: 'signed-in',
        token: own,
        location: null,
        setCookie: ['__clerk_handshake=; Max-Age=0; Path=/'],
      });
      expect(state.headers['x-clerk-auth-message']).toBe('handshake-token-invalid');
    },
  );

  it('own cookies that need a handshake: the redirect carries the deletions and the failure', async () => {
    const h = harness(issuer, 'production', {}, clock);
    const cookie = cookies({
      __clerk_handshake_nonce: 'n_stale',
      __clerk_handshake: 'garbage',
      __client_uat: String(now),
    });
    const state = await run(h, browserRequest('navigation', cookie, '/p', { 'x-forwarded-proto': 'https' }));
    expect(state.status).toBe('handshake');
    expect(state.reason).toBe('client-uat-but-no-session-token');
    expect(state.setCookie).toEqual([
      '__clerk_handshake=; Max-Age=0; Path=/; Secure',
      '__clerk_handshake_nonce=; Max-Age=0; Path=/; Secure',
      '__clerk_redirect_count=1; Max-Age=2; Path=/; HttpOnly; Secure; SameSite=Lax',
    ]);
    // A nonce wins over a token: the payload endpoint did not give directives for it.
    expect(state.headers['x-clerk-auth-message']).toBe('handshake-payload-unavailable');
  });
});
