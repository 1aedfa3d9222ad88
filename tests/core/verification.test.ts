import {
  type AuthOptions,
  createAuthenticator,
  TokenVerificationError,
  verifyToken,
} from '@sessionguard/core';
import { createTestIssuer, type MintOptions, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, expectSignedOut, FakeClock } from './helpers.js';

let issuer: TestIssuer;
let esIssuer: TestIssuer;
const clock = new FakeClock(Math.floor(Date.now() / 1000) * 1000);

beforeAll(async () => {
  [issuer, esIssuer] = await Promise.all([createTestIssuer(), createTestIssuer({ alg: 'ES256' })]);
});
afterAll(async () => {
  await Promise.all([issuer.close(), esIssuer.close()]);
});

const b64 = (value: unknown): string =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

function mint(options: Partial<MintOptions> = {}): Promise<string> {
  return issuer.mintSessionToken({ userId: 'user_1', issuedAt: clock.seconds, ...options });
}

async function reasonFor(token: string, options: AuthOptions = {}): Promise<string | null> {
  const state = await createAuthenticator({
    jwksUrl: issuer.jwksUrl,
    now: clock.now,
    ...options,
  }).authenticateRequest(bearer(token));
  if (state.reason !== null) expectSignedOut(state, state.reason, token);
  return state.reason;
}

describe('SPEC §4.1: one reason per step, reached through authenticateRequest', () => {
  it('signs in a valid token', async () => {
    expect(await reasonFor(await mint())).toBeNull();
  });

  it('1. token-invalid: not three base64url parts of JSON objects', async () => {
    const valid = await mint();
    const [h, p, s] = valid.split('.') as [string, string, string];
    for (const bad of [
      'abc',
      `${h}.${p}`,
      `${h}.${p}.${s}.x`,
      `${h}..${s}`,
      `${h}.${p}=.${s}`,
      `${b64('not json')}.${p}.${s}`,
      `${h}.${b64('[1,2]')}.${s}`,
      `${b64('null')}.${p}.${s}`,
      `${h}.${b64('"str"')}.${s}`,
      `${h}.${p}.${s}+`,
    ]) {
      expect(await reasonFor(bad), bad).toBe('token-invalid');
    }
  });

  it('2. token-invalid: typ other than JWT / at+jwt / application/at+jwt, crit, b64:false', async () => {
    expect(await reasonFor(await mint({ header: { typ: 'jwt' } }))).toBeNull();
    expect(await reasonFor(await mint({ header: { typ: undefined } }))).toBeNull();
    for (const typ of ['JOSE', 'JWS', 'at+jwt2', 'dpop+jwt', '', 5, null]) {
      expect(await reasonFor(await mint({ header: { typ } })), String(typ)).toBe('token-invalid');
    }
    expect(await reasonFor(await mint({ header: { crit: ['exp'] } }))).toBe('token-invalid');
    expect(await reasonFor(await mint({ header: { b64: false } }))).toBe('token-invalid');
    // Step 2 comes before step 3: a bad typ on a machine token is token-invalid, not a type mismatch.
    expect(await reasonFor(await mint({ userId: 'mch_1', header: { typ: 'JOSE' } }))).toBe('token-invalid');
  });

  it('2. jwk, jku, x5u and x5c headers are ignored: keys come only from the configured source', async () => {
    const token = await mint({
      header: {
        jku: 'http://127.0.0.1:9/jwks',
        x5u: 'http://127.0.0.1:9/x',
        jwk: { kty: 'oct', k: 'AAAA' },
        x5c: ['AAAA'],
      },
    });
    expect(await reasonFor(token)).toBeNull();
  });

  it('3. token-type-mismatch: a header cat other than the session category', async () => {
    expect(await reasonFor(await mint({ header: { cat: 'cl_machine' } }))).toBe('token-type-mismatch');
    expect(await reasonFor(await mint({ header: { cat: 'cl_B7d4PD222AAA' } }))).toBe('token-type-mismatch');
    expect(await reasonFor(await mint({ header: { cat: 7 } }))).toBe('token-type-mismatch');
    expect(await reasonFor(await mint({ header: { cat: undefined } }))).toBeNull();
    expect(await reasonFor(await mint({ header: { cat: 'cl_B7d4PD111AAA' } }))).toBeNull();
  });

  it('3. the "ignore" category cl_I7d4PD111III is a session category (Clerk)', async () => {
    const state = await createAuthenticator({ jwksUrl: issuer.jwksUrl, now: clock.now }).authenticateRequest(
      bearer(await mint({ userId: 'user_ignored_cat', header: { cat: 'cl_I7d4PD111III' } })),
    );
    expect(state.auth.userId).toBe('user_ignored_cat');
  });

  it.each([
    ['a payload sub starting with mch_ (an M2M JWT)', { userId: 'mch_2xYz' }],
    ['the M2M category cl_B7d4PD333AAA', { header: { cat: 'cl_B7d4PD333AAA' } }],
    ['header typ at+jwt (an OAuth access token)', { header: { typ: 'at+jwt' } }],
    ['header typ application/at+jwt', { header: { typ: 'application/at+jwt' } }],
    ['header typ AT+JWT (a media type: any case)', { header: { typ: 'AT+JWT' } }],
    ['an M2M subject with the session category', { userId: 'mch_2xYz', header: { cat: 'cl_B7d4PD111AAA' } }],
  ] as const)('3. %s is never a session token: token-type-mismatch', async (_, override) => {
    const token = await mint(override);
    expect(await reasonFor(token)).toBe('token-type-mismatch');
    // The type check comes before the algorithm check (step 3 before step 4).
    expect(await reasonFor(await esIssuer.mintSessionToken({ userId: 'u', ...override }))).toBe(
      'token-type-mismatch',
    );
  });

  it.each([
    ['ak_', 'an API key'],
    ['mt_', 'an M2M token'],
    ['oat_', 'an OAuth access token'],
  ])('3. an opaque %s token is token-type-mismatch, and costs no request to anyone', async (prefix, name) => {
    const before = { ...issuer.stats };
    const token = `${prefix}${'x'.repeat(32)}`;
    const state = await createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
    }).authenticateRequest(bearer(token));
    expectSignedOut(state, 'token-type-mismatch', token);
    if (!state.auth.isAuthenticated) expect(state.auth.message).toContain(name);
    expect(issuer.stats).toEqual(before);
  });

  it('§3.7: a machine token in a cookie is token-type-mismatch, opaque or JWT', async () => {
    const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl, now: clock.now });
    const fromCookie = (token: string) =>
      authenticator.authenticateRequest({ headers: { cookie: `__session=${token}` } });
    expect((await fromCookie(await mint())).status).toBe('signed-in');
    for (const token of [
      'ak_cookie_secret',
      'mt_cookie_secret',
      'oat_cookie_secret',
      await mint({ userId: 'mch_cookie' }),
      await mint({ header: { typ: 'at+jwt' } }),
      await mint({ header: { cat: 'cl_B7d4PD333AAA' } }),
    ]) {
      expectSignedOut(await fromCookie(token), 'token-type-mismatch', token);
    }
  });

  it('4. token-invalid-algorithm: alg outside the allow-list; none and HS* always', async () => {
    const es = await esIssuer.mintSessionToken({ userId: 'u', issuedAt: clock.seconds });
    expect(await reasonFor(es, { algorithms: ['RS256'] })).toBe('token-invalid-algorithm');
    const [, p] = (await mint()).split('.');
    expect(await reasonFor(`${b64({ alg: 'none', typ: 'JWT' })}.${p}.`)).toBe('token-invalid-algorithm');
    expect(await reasonFor(`${b64({ alg: 'none', typ: 'JWT' })}.${p}.AAAA`)).toBe('token-invalid-algorithm');
    expect(
      await reasonFor(`${b64({ alg: 'HS256', kid: issuer.currentKid })}.${p}.AAAA`, {
        // @ts-expect-error: HS* is not a supported name; listed anyway, it is still refused
        algorithms: ['RS256', 'HS256'],
      }),
    ).toBe('token-invalid-algorithm');
  });

  it('4. an alg that does not fit the key it names is refused', async () => {
    const token = await mint({ header: { alg: 'ES256' } });
    expect(await reasonFor(token, { algorithms: ['RS256', 'ES256'] })).toBe('token-invalid-algorithm');
  });

  it('5. jwk-kid-mismatch: unknown or missing kid', async () => {
    expect(await reasonFor(await mint({ header: { kid: 'ins_unknown' } }))).toBe('jwk-kid-mismatch');
    expect(await reasonFor(await mint({ header: { kid: undefined } }))).toBe('jwk-kid-mismatch');
  });

  it('5. jwk-remote-failed-to-load: no key set and nothing stale', async () => {
    const token = await mint();
    expect(await reasonFor(token, { jwksUrl: 'http://127.0.0.1:9/jwks.json' })).toBe(
      'jwk-remote-failed-to-load',
    );
  });

  it('6. token-invalid-signature: payload changed after signing, or a stripped signature', async () => {
    const [h, , s] = (await mint()).split('.');
    const [, p2] = (await mint({ userId: 'user_admin' })).split('.');
    expect(await reasonFor(`${h}.${p2}.${s}`)).toBe('token-invalid-signature');
    expect(await reasonFor(`${h}.${p2}.`)).toBe('token-invalid-signature');
  });

  it('7. token-verification-failed: sub missing or empty', async () => {
    expect(await reasonFor(await mint({ claims: { sub: undefined } }))).toBe('token-verification-failed');
    expect(await reasonFor(await mint({ claims: { sub: '' } }))).toBe('token-verification-failed');
    expect(await reasonFor(await mint({ claims: { sub: 42 } }))).toBe('token-verification-failed');
  });

  it('8. token-invalid-audience when audience is set', async () => {
    expect(await reasonFor(await mint(), { audience: 'api' })).toBe('token-invalid-audience');
    expect(await reasonFor(await mint({ claims: { aud: 'web' } }), { audience: ['api', 'admin'] })).toBe(
      'token-invalid-audience',
    );
    expect(
      await reasonFor(await mint({ claims: { aud: ['web', 'api'] } }), { audience: ['api'] }),
    ).toBeNull();
    expect(await reasonFor(await mint({ claims: { aud: 'web' } }))).toBeNull();
  });

  it('9. token-invalid-authorized-parties: azp required and exact when the list is non-empty', async () => {
    const parties = { authorizedParties: ['https://app.test'] };
    expect(await reasonFor(await mint({ azp: 'https://app.test' }), parties)).toBeNull();
    expect(await reasonFor(await mint({ azp: 'https://evil.test' }), parties)).toBe(
      'token-invalid-authorized-parties',
    );
    expect(await reasonFor(await mint({ azp: 'https://app.test/' }), parties)).toBe(
      'token-invalid-authorized-parties',
    );
    expect(await reasonFor(await mint({ claims: { azp: undefined } }), parties)).toBe(
      'token-invalid-authorized-parties',
    );
    expect(await reasonFor(await mint({ azp: 'https://evil.test' }))).toBeNull();
  });

  it('10. token-invalid-issuer: string, list or predicate', async () => {
    const token = await mint();
    expect(await reasonFor(token, { issuer: issuer.url })).toBeNull();
    expect(await reasonFor(token, { issuer: ['https://x.test', issuer.url] })).toBeNull();
    expect(await reasonFor(token, { issuer: (iss) => iss.startsWith('http://127.0.0.1') })).toBeNull();
    expect(await reasonFor(token, { issuer: 'https://x.test' })).toBe('token-invalid-issuer');
    expect(await reasonFor(await mint({ claims: { iss: undefined } }), { issuer: issuer.url })).toBe(
      'token-invalid-issuer',
    );
    const throwing = () => {
      throw new Error('boom');
    };
    expect(await reasonFor(token, { issuer: throwing })).toBe('token-verification-failed');
  });

  it('11. exp is required and a number', async () => {
    expect(await reasonFor(await mint({ claims: { exp: undefined } }))).toBe('token-verification-failed');
    expect(await reasonFor(await mint({ claims: { exp: String(clock.seconds + 60) } }))).toBe(
      'token-verification-failed',
    );
    expect(await reasonFor(await mint({ claims: { nbf: 'soon' } }))).toBe('token-verification-failed');
    expect(await reasonFor(await mint({ claims: { iat: null } }))).toBe('token-verification-failed');
  });

  it('14. session-pending unless treatPendingAsSignedOut is false', async () => {
    const pending = await mint({ status: 'pending' });
    expect(await reasonFor(pending)).toBe('session-pending');
    const state = await createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      now: clock.now,
      treatPendingAsSignedOut: false,
    }).authenticateRequest(bearer(pending));
    expect(state.auth.sessionStatus).toBe('pending');
  });

  it('the first failing step wins', async () => {
    const [h, , s] = (await mint()).split('.');
    const expiredAndForged = (await mint({ userId: 'x', issuedAt: clock.seconds - 3600 })).split('.')[1];
    expect(await reasonFor(`${h}.${expiredAndForged}.${s}`)).toBe('token-invalid-signature');
    const expiredWrongAudience = await mint({ issuedAt: clock.seconds - 3600, claims: { aud: 'web' } });
    expect(await reasonFor(expiredWrongAudience, { audience: 'api' })).toBe('token-invalid-audience');
    const wrongAzpAndIssuer = await mint({ azp: 'https://evil.test', claims: { iss: 'https://evil.test' } });
    expect(
      await reasonFor(wrongAzpAndIssuer, { authorizedParties: ['https://app.test'], issuer: issuer.url }),
    ).toBe('token-invalid-authorized-parties');
    const badCatAndAlg = await esIssuer.mintSessionToken({ userId: 'u', header: { cat: 'other' } });
    expect(await reasonFor(badCatAndAlg)).toBe('token-type-mismatch');
    const noSubExpired = await mint({ issuedAt: clock.seconds - 3600, claims: { sub: undefined } });
    expect(await reasonFor(noSubExpired)).toBe('token-verification-failed');
  });

  it('verifyToken throws TokenVerificationError with the reason and a message without the token', async () => {
    const token = await mint({ issuedAt: clock.seconds - 3600 });
    const options = { jwksUrl: issuer.jwksUrl, now: clock.now };
    const error = await verifyToken(token, options).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenVerificationError);
    expect((error as TokenVerificationError).reason).toBe('token-expired');
    expect((error as TokenVerificationError).message).toMatch(
      /^JWT is expired\. Expiry date: .+, Current date: .+\.$/,
    );
    expect((error as TokenVerificationError).message).not.toContain(token);
    expect((await verifyToken(await mint(), options)).sub).toBe('user_1');
  });
});

describe('SPEC §4.1 steps 11–13: the edges of each time check (skew 5 s)', () => {
  const skew = 5000;
  for (const tokenCache of [undefined, false] as const) {
    const label = tokenCache === false ? 'token cache off' : 'token cache on';

    it(`exp: valid up to exp + skew, expired exactly at it and one second past (${label})`, async () => {
      const t = new FakeClock(clock.ms);
      const token = await issuer.mintSessionToken({ userId: 'u', issuedAt: t.seconds, expiresInSeconds: 60 });
      const exp = (t.seconds + 60) * 1000;
      const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl, now: t.now, tokenCache });
      const at = async (ms: number) => {
        t.ms = ms;
        return (await authenticator.authenticateRequest(bearer(token))).reason;
      };
      expect(await at(exp + skew - 1)).toBeNull();
      expect(await at(exp + skew)).toBe('token-expired');
      expect(await at(exp + skew + 1000)).toBe('token-expired');
      expect(await at(exp + skew - 1000)).toBeNull();
    });

    it(`nbf and iat: just inside the skew passes, just outside fails (${label})`, async () => {
      const t = new FakeClock(clock.ms);
      const future = t.seconds + 60;
      const nbfToken = await issuer.mintSessionToken({
        userId: 'u',
        issuedAt: t.seconds,
        claims: { nbf: future, exp: future + 600 },
      });
      const iatToken = await issuer.mintSessionToken({
        userId: 'u',
        issuedAt: future,
        claims: { nbf: undefined },
      });
      const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl, now: t.now, tokenCache });
      const at = async (token: string, ms: number) => {
        t.ms = ms;
        return (await authenticator.authenticateRequest(bearer(token))).reason;
      };
      expect(await at(nbfToken, future * 1000 - skew - 1)).toBe('token-not-active-yet');
      expect(await at(nbfToken, future * 1000 - skew)).toBeNull();
      expect(await at(iatToken, future * 1000 - skew - 1)).toBe('token-iat-in-the-future');
      expect(await at(iatToken, future * 1000 - skew)).toBeNull();
    });
  }

  it('clockSkewInMs changes the window both ways', async () => {
    const t = new FakeClock(clock.ms);
    const token = await issuer.mintSessionToken({ userId: 'u', issuedAt: t.seconds, expiresInSeconds: 60 });
    const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl, now: t.now, clockSkewInMs: 0 });
    t.ms = (t.seconds + 60) * 1000;
    expect((await authenticator.authenticateRequest(bearer(token))).reason).toBe('token-expired');
  });
});
