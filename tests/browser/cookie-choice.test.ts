import type { RequestState } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/helpers.js';
import { browserRequest, cookies, type Harness, harness, type Instance, run, suffixOf } from './harness.js';

// SPEC §12.2, rule by rule: which of the plain and the suffixed cookie sets is read. Each row is
// built so that the two sets lead to different outcomes, so the outcome shows the choice; a
// handshake also says it (`suffixed_cookies`).

interface Tokens {
  now: number;
  plainNewer: string;
  suffixedOlder: string;
  plainOlder: string;
  suffixedNewer: string;
  suffixedExpired: string;
  otherApp: string;
  noIssuer: string;
}

interface Row {
  rule: string;
  /** The outcome on each instance (rule 6 is development only). */
  expected: Record<
    Instance,
    { suffixed: boolean; status: RequestState['status']; reason: string | null; token?: keyof Tokens }
  >;
  cookies: (t: Tokens, s: string) => Record<string, string | undefined>;
}

const same = (
  suffixed: boolean,
  status: RequestState['status'],
  reason: string | null,
  token?: keyof Tokens,
): Row['expected'] => ({
  development: { suffixed, status, reason, ...(token ? { token } : {}) },
  production: { suffixed, status, reason, ...(token ? { token } : {}) },
});

const ROWS: Row[] = [
  {
    rule: '1: the plain session does not decode',
    expected: same(false, 'signed-out', 'token-invalid'),
    cookies: (t, s) => ({
      __session: 'garbage',
      [`__session_${s}`]: t.suffixedNewer,
      __client_uat: String(t.now - 300),
      [`__client_uat_${s}`]: String(t.now - 300),
    }),
  },
  {
    rule: '1: the plain session names no issuer',
    expected: same(false, 'signed-in', null, 'noIssuer'),
    cookies: (t, s) => ({
      __session: t.noIssuer,
      [`__session_${s}`]: t.suffixedNewer,
      __client_uat: String(t.now - 300),
      [`__client_uat_${s}`]: String(t.now - 300),
    }),
  },
  {
    rule: "2: the plain session is another app's",
    expected: same(true, 'signed-in', null, 'suffixedNewer'),
    cookies: (t, s) => ({
      __session: t.otherApp,
      [`__session_${s}`]: t.suffixedNewer,
      __client_uat: String(t.now - 300),
      [`__client_uat_${s}`]: String(t.now - 300),
    }),
  },
  {
    rule: '3: no suffixed cookie at all',
    expected: same(false, 'signed-in', null, 'plainNewer'),
    cookies: (t) => ({ __session: t.plainNewer, __client_uat: String(t.now - 300) }),
  },
  {
    rule: '4: both signed in, the plain session is newer',
    expected: same(false, 'signed-in', null, 'plainNewer'),
    cookies: (t, s) => ({
      __session: t.plainNewer,
      [`__session_${s}`]: t.suffixedOlder,
      __client_uat: String(t.now - 300),
      [`__client_uat_${s}`]: String(t.now - 300),
    }),
  },
  {
    rule: '5: suffixed says signed out, plain says signed in',
    expected: same(false, 'signed-in', null, 'plainOlder'),
    cookies: (t, s) => ({
      __session: t.plainOlder,
      [`__session_${s}`]: t.suffixedNewer,
      __client_uat: String(t.now - 300),
      [`__client_uat_${s}`]: '0',
    }),
  },
  {
    rule: '6: development, plain says signed out, the suffixed session expired',
    expected: {
      development: { suffixed: false, status: 'handshake', reason: 'session-token-but-no-client-uat' },
      production: {
        suffixed: true,
        status: 'handshake',
        reason: 'session-token-expired-refresh-non-eligible-no-refresh-cookie',
      },
    },
    cookies: (t, s) => ({
      __session: t.plainOlder,
      [`__session_${s}`]: t.suffixedExpired,
      __client_uat: '0',
      [`__client_uat_${s}`]: String(t.now - 300),
    }),
  },
  {
    rule: '7: a suffixed session without its __client_uat',
    expected: same(false, 'handshake', 'client-uat-but-no-session-token'),
    cookies: (t, s) => ({ [`__session_${s}`]: t.suffixedNewer, __client_uat: String(t.now - 300) }),
  },
  {
    rule: '8: otherwise, suffixed',
    expected: same(true, 'signed-in', null, 'suffixedNewer'),
    cookies: (t, s) => ({ [`__session_${s}`]: t.suffixedNewer, [`__client_uat_${s}`]: String(t.now - 300) }),
  },
];

let issuer: TestIssuer;
let tokens: Tokens;
const clock = new FakeClock();
const harnesses = new Map<Instance, Harness>();

beforeAll(async () => {
  issuer = await createTestIssuer();
  const now = clock.seconds;
  const mint = (issuedAt: number, expiresInSeconds = 600, claims: Record<string, unknown> = {}) =>
    issuer.mintSessionToken({ userId: 'user_1', issuedAt, expiresInSeconds, claims });
  tokens = {
    now,
    plainNewer: await mint(now - 10),
    suffixedOlder: await mint(now - 20),
    plainOlder: await mint(now - 20),
    suffixedNewer: await mint(now - 10),
    suffixedExpired: await mint(now - 200, 60),
    otherApp: await mint(now - 5, 600, { iss: 'https://clerk.other-app.example' }),
    noIssuer: await mint(now - 5, 600, { iss: undefined }),
  };
  for (const instance of ['development', 'production'] as const) {
    harnesses.set(instance, harness(issuer, instance, {}, clock));
  }
});
afterAll(() => issuer.close());

describe.each(['development', 'production'] as const)('SPEC §12.2 on a %s instance', (instance) => {
  function header(row: Row): string {
    const suffix = suffixOf(issuer, instance);
    const pairs = row.cookies(tokens, suffix);
    // The dev browser cookie under both names, so that step 2 passes whichever set is read.
    if (instance === 'development') {
      pairs.__clerk_db_jwt = 'dvb_1';
      pairs[`__clerk_db_jwt_${suffix}`] = 'dvb_1';
    }
    return cookies(pairs);
  }

  it.each(ROWS)('rule $rule: a navigation', async (row) => {
    const expected = row.expected[instance];
    const state = await run(harnesses.get(instance)!, browserRequest('navigation', header(row)));
    expect({ status: state.status, reason: state.reason }).toEqual({
      status: expected.status,
      reason: expected.reason,
    });
    if (expected.token) expect(state.token).toBe(tokens[expected.token]);
    if (expected.status === 'handshake') {
      expect(new URL(state.location ?? '').searchParams.get('suffixed_cookies')).toBe(
        String(expected.suffixed),
      );
    }
  });

  it.each(ROWS)('rule $rule: a fetch()', async (row) => {
    const expected = row.expected[instance];
    const state = await run(harnesses.get(instance)!, browserRequest('fetch', header(row)));
    const status = expected.status === 'handshake' ? 'signed-out' : expected.status;
    expect({ status: state.status, reason: state.reason }).toEqual({ status, reason: expected.reason });
    if (expected.token) expect(state.token).toBe(tokens[expected.token]);
  });
});

describe('SPEC §12.2: cookies that cannot be read one way', () => {
  it('one cookie name sent with two different values is token-ambiguous', async () => {
    const h = harnesses.get('production')!;
    const uat = String(tokens.now - 300);
    for (const header of [
      `__session=${tokens.plainNewer}; __session=${tokens.plainOlder}; __client_uat=${uat}`,
      `__session=${tokens.plainNewer}; __client_uat=${uat}; __client_uat=0`,
    ]) {
      for (const kind of ['navigation', 'fetch'] as const) {
        const state = await run(h, browserRequest(kind, header));
        expect({ status: state.status, reason: state.reason }).toEqual({
          status: 'signed-out',
          reason: 'token-ambiguous',
        });
      }
    }
    // The same value twice is one cookie.
    const twice = `__session=${tokens.plainNewer}; __session=${tokens.plainNewer}; __client_uat=${uat}`;
    expect((await run(h, browserRequest('fetch', twice))).status).toBe('signed-in');
  });

  it('__refresh_<suffix> is read suffixed whatever the set, plain __refresh as a fallback (ours)', async () => {
    const h = harness(issuer, 'production', { secretKey: undefined }, clock);
    const expired = await issuer.mintSessionToken({
      userId: 'user_1',
      issuedAt: tokens.now - 200,
      expiresInSeconds: 60,
    });
    const base = { __session: expired, __client_uat: String(tokens.now - 300) };
    const reasonOf = async (extra: Record<string, string>) =>
      (await run(h, browserRequest('fetch', cookies({ ...base, ...extra })))).reason;
    const suffix = suffixOf(issuer, 'production');
    expect(await reasonOf({})).toBe('session-token-expired-refresh-non-eligible-no-refresh-cookie');
    expect(await reasonOf({ [`__refresh_${suffix}`]: 'rt' })).toBe(
      'session-token-expired-refresh-missing-api-client',
    );
    expect(await reasonOf({ __refresh: 'rt' })).toBe('session-token-expired-refresh-missing-api-client');
  });
});
