import type { RequestState } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/helpers.js';
import { browserRequest, cookies, type Harness, harness, type Instance, run } from './harness.js';

// SPEC §12.3, step by step, with Clerk's reason strings: every row runs on a navigation (a handshake
// redirect, or the same signed-out state where the step never redirects) and on a fetch() (signed
// out with the same reason), for a development and a production instance.

type Outcome = 'handshake' | 'signed-out' | 'signed-in';

interface Row {
  step: string;
  only?: Instance;
  reason: string | null;
  outcome: Outcome;
  path?: string;
  /** No dev browser cookie (development). */
  noDevBrowser?: boolean;
  kind?: 'post';
  cookies: (t: Tokens) => Record<string, string | undefined>;
}

interface Tokens {
  now: number;
  fresh: string;
  expired: string;
  notYetValid: string;
  issuedInFuture: string;
  olderThanClient: string;
  template: string;
  machine: string;
  unknownKid: string;
}

const ROWS: Row[] = [
  {
    step: '2 (dev browser sync)',
    only: 'development',
    path: '/page?__clerk_db_jwt=dvb_from_query',
    reason: 'dev-browser-sync',
    outcome: 'handshake',
    cookies: (t) => ({ __session: t.fresh, __client_uat: String(t.now - 30) }),
  },
  {
    step: '2 (dev browser missing)',
    only: 'development',
    noDevBrowser: true,
    reason: 'dev-browser-missing',
    outcome: 'handshake',
    cookies: (t) => ({ __session: t.fresh, __client_uat: String(t.now - 30) }),
  },
  { step: '3', reason: 'session-token-and-uat-missing', outcome: 'signed-out', cookies: () => ({}) },
  {
    step: '3 (__client_uat=0)',
    reason: 'session-token-and-uat-missing',
    outcome: 'signed-out',
    cookies: () => ({ __client_uat: '0' }),
  },
  {
    step: '4',
    reason: 'session-token-but-no-client-uat',
    outcome: 'handshake',
    cookies: (t) => ({ __session: t.fresh, __client_uat: '0' }),
  },
  {
    step: '5',
    reason: 'client-uat-but-no-session-token',
    outcome: 'handshake',
    cookies: (t) => ({ __client_uat: String(t.now - 30) }),
  },
  {
    step: '6 (does not decode)',
    reason: 'token-invalid',
    outcome: 'signed-out',
    cookies: (t) => ({ __session: 'not-a-jwt', __client_uat: String(t.now - 30) }),
  },
  {
    step: "6 (a JWT template's cat)",
    reason: 'token-type-mismatch',
    outcome: 'signed-out',
    cookies: (t) => ({ __session: t.template, __client_uat: String(t.now - 30) }),
  },
  {
    step: '6 (a machine JWT)',
    reason: 'token-type-mismatch',
    outcome: 'signed-out',
    cookies: (t) => ({ __session: t.machine, __client_uat: String(t.now - 30) }),
  },
  {
    step: '7',
    reason: 'session-token-iat-before-client-uat',
    outcome: 'handshake',
    cookies: (t) => ({ __session: t.olderThanClient, __client_uat: String(t.now - 10) }),
  },
  {
    step: '8 (expired, no refresh cookie)',
    reason: 'session-token-expired-refresh-non-eligible-no-refresh-cookie',
    outcome: 'handshake',
    cookies: (t) => ({ __session: t.expired, __client_uat: String(t.now - 130) }),
  },
  {
    step: '8 (expired, not a GET)',
    kind: 'post',
    reason: 'session-token-expired-refresh-non-eligible-non-get',
    outcome: 'signed-out',
    cookies: (t) => ({ __session: t.expired, __client_uat: String(t.now - 130) }),
  },
  {
    step: '8 (nbf ahead)',
    reason: 'session-token-nbf',
    outcome: 'handshake',
    cookies: (t) => ({ __session: t.notYetValid, __client_uat: String(t.now - 30) }),
  },
  {
    step: '8 (iat ahead)',
    reason: 'session-token-iat-in-the-future',
    outcome: 'handshake',
    cookies: (t) => ({ __session: t.issuedInFuture, __client_uat: String(t.now - 30) }),
  },
  {
    step: '8 (any other failure)',
    reason: 'jwk-kid-mismatch',
    outcome: 'signed-out',
    cookies: (t) => ({ __session: t.unknownKid, __client_uat: String(t.now - 30) }),
  },
  {
    step: '9',
    reason: null,
    outcome: 'signed-in',
    cookies: (t) => ({ __session: t.fresh, __client_uat: String(t.now - 30) }),
  },
];

let issuer: TestIssuer;
let tokens: Tokens;
const clock = new FakeClock();
const harnesses = new Map<Instance, Harness>();

beforeAll(async () => {
  issuer = await createTestIssuer();
  const now = clock.seconds;
  const unpublished = await issuer.addKey({ publish: false });
  const mint = (
    issuedAt: number,
    extra: Parameters<TestIssuer['mintSessionToken']>[0] = { userId: 'user_1' },
  ) => issuer.mintSessionToken({ ...extra, userId: 'user_1', issuedAt, expiresInSeconds: 600 });
  tokens = {
    now,
    fresh: await mint(now - 20),
    expired: await issuer.mintSessionToken({ userId: 'user_1', issuedAt: now - 120, expiresInSeconds: 60 }),
    notYetValid: await mint(now + 60),
    issuedInFuture: await mint(now + 60, { userId: 'user_1', claims: { nbf: undefined } }),
    olderThanClient: await mint(now - 50),
    template: await mint(now - 20, { userId: 'user_1', header: { cat: 'cl_B7d4PD222AAA' } }),
    machine: await mint(now - 20, { userId: 'user_1', claims: { sub: 'mch_1' } }),
    unknownKid: await mint(now - 20, { userId: 'user_1', keyId: unpublished }),
  };
  for (const instance of ['development', 'production'] as const) {
    harnesses.set(instance, harness(issuer, instance, {}, clock));
  }
});
afterAll(() => issuer.close());

function cookieHeader(row: Row, instance: Instance): string {
  const pairs = row.cookies(tokens);
  if (instance === 'development' && !row.noDevBrowser) pairs.__clerk_db_jwt = 'dvb_from_cookie';
  return cookies(pairs);
}

function expectOutcome(state: RequestState, outcome: Outcome, reason: string | null): void {
  expect({ status: state.status, reason: state.reason }).toEqual({ status: outcome, reason });
}

describe.each(['development', 'production'] as const)('SPEC §12.3 on a %s instance', (instance) => {
  const rows = ROWS.filter((row) => row.only === undefined || row.only === instance);

  it.each(rows)('step $step: a navigation', async (row) => {
    const h = harnesses.get(instance)!;
    const state = await run(
      h,
      browserRequest(row.kind ?? 'navigation', cookieHeader(row, instance), row.path),
    );
    expectOutcome(state, row.outcome, row.reason);
    if (row.outcome === 'handshake') {
      const location = new URL(state.location ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(`${issuer.url}/v1/client/handshake`);
      expect(location.searchParams.get('__clerk_hs_reason')).toBe(row.reason);
      expect(state.headers).toEqual({
        'x-clerk-auth-status': 'handshake',
        'x-clerk-auth-reason': row.reason,
        'cache-control': 'no-store',
      });
      expect(state.setCookie).toEqual([
        '__clerk_redirect_count=1; Max-Age=2; Path=/; HttpOnly; SameSite=Lax',
      ]);
      expect(state.auth.isAuthenticated).toBe(false);
    } else {
      expect(state.location ?? null).toBeNull();
      expect(state.setCookie ?? []).toEqual([]);
    }
    if (row.outcome === 'signed-in') expect(state.token).toBe(tokens.fresh);
    if (row.outcome === 'signed-out') {
      expect(state.headers).toEqual({
        'x-clerk-auth-status': 'signed-out',
        'x-clerk-auth-reason': row.reason,
      });
    }
  });

  it.each(rows)('step $step: a fetch()', async (row) => {
    const h = harnesses.get(instance)!;
    const state = await run(h, browserRequest(row.kind ?? 'fetch', cookieHeader(row, instance), row.path));
    expectOutcome(state, row.outcome === 'handshake' ? 'signed-out' : row.outcome, row.reason);
    expect(state.location ?? null).toBeNull();
    expect(state.setCookie ?? []).toEqual([]);
    if (row.reason !== null) {
      expect(state.headers).toEqual({
        'x-clerk-auth-status': 'signed-out',
        'x-clerk-auth-reason': row.reason,
      });
      expect(JSON.stringify(state)).not.toContain(tokens.fresh);
    }
  });
});

describe('SPEC §12.3: refresh eligibility without a secret key', () => {
  it('an expired cookie with a refresh cookie on a GET: missing-api-client', async () => {
    const h = harness(issuer, 'production', { secretKey: undefined }, clock);
    const cookie = cookies({
      __session: tokens.expired,
      __client_uat: String(tokens.now - 130),
      [`__refresh_${h.settings.cookies.refresh.suffixed.slice('__refresh_'.length)}`]: 'rt_1',
    });
    const navigation = await run(h, browserRequest('navigation', cookie));
    expectOutcome(navigation, 'handshake', 'session-token-expired-refresh-missing-api-client');
    // Ours: only a secret key can exchange a nonce, so without one no nonce is asked for.
    expect(new URL(navigation.location ?? '').searchParams.has('format')).toBe(false);
    const fetched = await run(h, browserRequest('fetch', cookie));
    expectOutcome(fetched, 'signed-out', 'session-token-expired-refresh-missing-api-client');
  });
});

describe('SPEC §12.3: the Bearer rule', () => {
  it('an expired Bearer token is a handshake on a navigation and signed out on a fetch, same reason', async () => {
    const h = harnesses.get('production')!;
    const error = await Promise.resolve()
      .then(() => h.session.afterBearerFailure(browserRequest('navigation', ''), tokens.expired, undefined))
      .catch((e: unknown) => e);
    expect(error).toBeUndefined(); // not a verification error of a time kind: the caller's state stands
    const { TokenVerificationError } = await import('@sessionguard/core');
    const expired = new TokenVerificationError('token-expired', 'JWT is expired.');
    const reason = 'session-token-expired-refresh-non-eligible-no-refresh-cookie';
    const navigation = await h.session.afterBearerFailure(
      browserRequest('navigation', ''),
      tokens.expired,
      expired,
    );
    expectOutcome(navigation!, 'handshake', reason);
    expect(new URL(navigation!.location ?? '').searchParams.get('__session')).toBe(tokens.expired);
    const fetched = await h.session.afterBearerFailure(browserRequest('fetch', ''), tokens.expired, expired);
    expectOutcome(fetched!, 'signed-out', reason);
    const nbf = new TokenVerificationError('token-not-active-yet', 'not yet');
    expectOutcome(
      (await h.session.afterBearerFailure(browserRequest('fetch', ''), 't', nbf))!,
      'signed-out',
      'session-token-nbf',
    );
    const signature = new TokenVerificationError('token-invalid-signature', 'bad');
    expect(h.session.afterBearerFailure(browserRequest('navigation', ''), 't', signature)).toBeUndefined();
  });
});
