import { createTestIssuer, NONCE_LIFETIME_MS, type TestIssuer } from '@sessionguard/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { cookieOf, directivesOf, directiveValue, getManual, handshakeUrl, jarOf } from './browser-helpers.js';
import { bearer, decodeJwt, fetchJwks, verifiesWithJwk } from './helpers.js';

const APP = 'http://127.0.0.1:3999';

interface ClerkErrors {
  errors: Array<{ code: string; meta: Record<string, unknown> }>;
}

const codeOf = async (response: Response) => ((await response.json()) as ClerkErrors).errors[0]?.code;

/** A handshake for a fresh signed-in browser of `userId`; development issuers carry the answer in the query. */
async function handshakeFor(issuer: TestIssuer, userId: string, extra: Record<string, string> = {}) {
  const cookie = issuer.browserCookies({ userId });
  const devBrowser = jarOf(cookie).get('__clerk_db_jwt');
  const query = { ...(devBrowser ? { __clerk_db_jwt: devBrowser } : {}), ...extra };
  const answer = await getManual(handshakeUrl(issuer, `${APP}/`, query), { cookie });
  expect(answer.status).toBe(307);
  const location = new URL(answer.headers.get('location') ?? '');
  const fromCookie = (name: string) =>
    answer.headers
      .getSetCookie()
      .map(cookieOf)
      .find((c) => c.name === name)?.value;
  const read = (name: string) => location.searchParams.get(name) ?? fromCookie(name);
  return { token: read('__clerk_handshake'), nonce: read('__clerk_handshake_nonce') };
}

describe('GET /v1/clients/handshake_payload (Backend API)', () => {
  let issuer: TestIssuer;
  const payload = (nonce: string, headers: Record<string, string> = bearer(issuer.secretKey)) =>
    fetch(`${issuer.url}/v1/clients/handshake_payload?nonce=${encodeURIComponent(nonce)}`, { headers });
  const newNonce = async () => (await handshakeFor(issuer, 'user_1', { format: 'nonce' })).nonce ?? '';

  beforeAll(async () => {
    issuer = await createTestIssuer({ instance: 'production' });
    issuer.allowOrigin(APP);
    issuer.handshakeTransport('nonce');
  });
  afterEach(() => {
    vi.useRealTimers();
    issuer.setHandshakeFault(false);
    issuer.setOutage(false);
  });
  afterAll(() => issuer.close());

  it("exchanges a nonce once for Clerk's {directives}, with the secret key only", async () => {
    const nonce = await newNonce();
    const before = { ...issuer.stats };
    const anonymous = await payload(nonce, {});
    expect(anonymous.status).toBe(401);
    expect(await codeOf(anonymous)).toBe('authentication_invalid');

    const answer = await payload(nonce); // the refused call did not spend it
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    const body = (await answer.json()) as { directives: string[] };
    expect(Object.keys(body)).toEqual(['directives']);
    expect(body.directives.map((d) => cookieOf(d).name)).toEqual([
      '__clerk_handshake',
      '__clerk_handshake_nonce',
      '__client_uat',
      '__session',
    ]);
    expect(decodeJwt(directiveValue(body.directives, '__session') ?? '').payload.sub).toBe('user_1');

    const again = await payload(nonce);
    expect(again.status).toBe(400);
    const error = ((await again.json()) as ClerkErrors).errors[0];
    expect(error).toMatchObject({ code: 'invalid_nonce', meta: { param_name: 'nonce' } });
    expect(await codeOf(await payload('0123456789abcdef'))).toBe('invalid_nonce');
    expect(issuer.stats.handshakePayloads).toBe(before.handshakePayloads + 4);
    expect(issuer.stats.apiRequests).toBe(before.apiRequests + 4);
  });

  it(`a nonce lives ${NONCE_LIFETIME_MS / 1000} s`, async () => {
    const nonce = await newNonce();
    vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + NONCE_LIFETIME_MS + 1 });
    const late = await payload(nonce);
    expect(late.status).toBe(400);
    expect(await codeOf(late)).toBe('invalid_nonce');
  });

  it('payload-down, setOutage and a wrong method', async () => {
    const nonce = await newNonce();
    issuer.setHandshakeFault('payload-down');
    const down = await payload(nonce);
    expect(down.status).toBe(500);
    expect(await codeOf(down)).toBe('internal_clerk_error');
    issuer.setHandshakeFault(false);

    issuer.setOutage('error');
    expect((await payload(nonce)).status).toBe(500);
    issuer.setOutage('timeout');
    await expect(
      fetch(`${issuer.url}/v1/clients/handshake_payload?nonce=${nonce}`, {
        headers: bearer(issuer.secretKey),
        signal: AbortSignal.timeout(300),
      }),
    ).rejects.toThrow();
    issuer.setOutage(false);

    const post = await fetch(`${issuer.url}/v1/clients/handshake_payload?nonce=${nonce}`, {
      method: 'POST',
      headers: bearer(issuer.secretKey),
    });
    expect(post.status).toBe(405);
    expect((await payload(nonce)).status).toBe(200); // none of these spent it
    expect(() => issuer.setHandshakeFault('nope' as unknown as false)).toThrow(/setHandshakeFault/);
  });
});

describe('POST /v1/sessions/{sid}/refresh (Backend API)', () => {
  let issuer: TestIssuer;
  const suffix = () => {
    const name = [...jarOf(issuer.browserCookies({ userId: 'user_x', suffixed: true })).keys()][0] ?? '';
    return name.slice('__session_'.length);
  };

  /** A signed-in browser's session token and refresh token, as the handshake hands them out. */
  async function signedIn(userId: string) {
    const { token } = await handshakeFor(issuer, userId);
    const directives = directivesOf(token ?? '');
    const session = directiveValue(directives, '__session') ?? '';
    return {
      session,
      refresh: directiveValue(directives, `__refresh_${suffix()}`) ?? '',
      sid: String(decodeJwt(session).payload.sid),
    };
  }

  const refresh = (
    sid: string,
    body: unknown,
    options: { headers?: Record<string, string>; query?: string } = {},
  ) =>
    fetch(`${issuer.url}/v1/sessions/${sid}/refresh${options.query ?? ''}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(options.headers ?? bearer(issuer.secretKey)) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const bodyOf = (expired: string, refreshToken: string) => ({
    expired_token: expired,
    refresh_token: refreshToken,
    request_origin: APP,
    request_headers: { accept: ['text/html'] },
    format: 'cookie',
  });

  beforeAll(async () => {
    issuer = await createTestIssuer({ refreshCookie: true, sessionLifetimeInSeconds: 30 });
    issuer.allowOrigin(APP);
  });
  afterEach(() => issuer.setHandshakeFault(false));
  afterAll(() => issuer.close());

  it("exchanges a refresh token once for Clerk's {object:'cookies'}; a spent, unknown or ended one is refused", async () => {
    const { session, refresh: refreshToken, sid } = await signedIn('user_r');
    expect(refreshToken).toMatch(/^[0-9a-f]{64}$/);
    const before = { ...issuer.stats };

    expect((await refresh(sid, bodyOf(session, refreshToken), { headers: {} })).status).toBe(401);
    expect(await codeOf(await refresh(sid, '{"expired_token":'))).toBe('request_body_invalid');
    const other = await signedIn('user_other');
    expect(await codeOf(await refresh(sid, bodyOf(other.session, refreshToken)))).toBe(
      'invalid_refresh_token',
    );

    const answer = await refresh(sid, bodyOf(session, refreshToken));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toBe('application/json');
    const body = (await answer.json()) as { object: string; cookies: string[] };
    expect(body.object).toBe('cookies');
    expect(body.cookies.map((c) => cookieOf(c).name)).toEqual([
      `__refresh_${suffix()}`,
      '__client_uat',
      '__session',
    ]);
    const fresh = decodeJwt(directiveValue(body.cookies, '__session') ?? '').payload;
    expect(fresh).toMatchObject({ sub: 'user_r', sid, azp: APP });
    expect(Number(fresh.exp) - Number(fresh.iat)).toBe(30);
    const next = directiveValue(body.cookies, `__refresh_${suffix()}`) ?? '';
    expect(next).not.toBe(refreshToken);

    const spent = await refresh(sid, bodyOf(session, refreshToken));
    expect(spent.status).toBe(400);
    expect(await codeOf(spent)).toBe('refresh_token_already_used');
    expect(await codeOf(await refresh(sid, bodyOf(session, 'f'.repeat(64))))).toBe('invalid_refresh_token');

    const suffixed = await refresh(sid, bodyOf(session, next), { query: '?suffixed_cookies=true' });
    const names = ((await suffixed.json()) as { cookies: string[] }).cookies.map((c) => cookieOf(c).name);
    expect(names).toEqual([
      `__refresh_${suffix()}`,
      '__client_uat',
      `__client_uat_${suffix()}`,
      '__session',
      `__session_${suffix()}`,
    ]);

    const ended = await signedIn('user_ends');
    issuer.signOut('user_ends');
    expect(await codeOf(await refresh(ended.sid, bodyOf(ended.session, ended.refresh)))).toBe(
      'session_not_active',
    );
    expect((await fetch(`${issuer.url}/v1/sessions/${sid}/refresh`)).status).toBe(405);
    expect(issuer.stats.sessionRefreshes).toBe(before.sessionRefreshes + 9);
    expect(issuer.stats.apiRequests).toBe(before.apiRequests + 9);
  });

  it('wrong-key and expired-payload break what FAPI mints: handshake tokens and refreshed sessions', async () => {
    const { session, refresh: refreshToken, sid } = await signedIn('user_f');
    const published = (await fetchJwks(issuer.jwksUrl)).keys;
    const verifies = (token: string) =>
      published.some((jwk) => jwk.kid === decodeJwt(token).header.kid && verifiesWithJwk(token, jwk));

    issuer.setHandshakeFault('wrong-key');
    const { token } = await handshakeFor(issuer, 'user_f');
    expect(verifies(token ?? '')).toBe(false);
    expect(verifies(directiveValue(directivesOf(token ?? ''), '__session') ?? '')).toBe(false);

    issuer.setHandshakeFault('expired-payload');
    const answer = await refresh(sid, bodyOf(session, refreshToken));
    const refreshedToken =
      directiveValue(((await answer.json()) as { cookies: string[] }).cookies, '__session') ?? '';
    const refreshed = decodeJwt(refreshedToken);
    expect(verifies(refreshedToken)).toBe(true); // a good signature: only its time is wrong
    // Past even development's 24 h clock-skew retry.
    expect(Number(refreshed.payload.exp)).toBeLessThan(Date.now() / 1000 - 86_400);
    const expired = directivesOf((await handshakeFor(issuer, 'user_f')).token ?? '');
    expect(Number(decodeJwt(directiveValue(expired, '__session') ?? '').payload.exp)).toBeLessThan(
      Date.now() / 1000 - 86_400,
    );
  });
});

describe('handshake tokens from an issuer whose session keys are not RSA', () => {
  it('are signed RS256 with a key its JWKS publishes from the first handshake on', async () => {
    const issuer = await createTestIssuer({ alg: 'ES256' });
    try {
      issuer.allowOrigin(APP);
      expect((await fetchJwks(issuer.jwksUrl)).keys).toHaveLength(1);
      const { token } = await handshakeFor(issuer, 'user_1');
      const { header } = decodeJwt(token ?? '');
      expect(header.alg).toBe('RS256');
      const keys = (await fetchJwks(issuer.jwksUrl)).keys;
      const jwk = keys.find((key) => key.kid === header.kid);
      expect(jwk && verifiesWithJwk(token ?? '', jwk)).toBe(true);
      const session = directiveValue(directivesOf(token ?? ''), '__session') ?? '';
      expect(decodeJwt(session).header).toMatchObject({ alg: 'ES256', kid: issuer.currentKid });
    } finally {
      await issuer.close();
    }
  });
});
