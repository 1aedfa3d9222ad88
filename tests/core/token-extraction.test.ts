import { createHash } from 'node:crypto';
import { type Authenticator, createAuthenticator, type RequestLike } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let issuer: TestIssuer;
let authenticator: Authenticator;
let token: string;
let otherToken: string;

beforeAll(async () => {
  issuer = await createTestIssuer();
  authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl });
  token = await issuer.mintSessionToken({ userId: 'user_header' });
  otherToken = await issuer.mintSessionToken({ userId: 'user_cookie' });
});
afterAll(() => issuer.close());

/** Each case runs as Node headers (IncomingHttpHeaders shape) and as a WHATWG Request. */
function both(headers: () => Record<string, string>): RequestLike[] {
  return [
    { method: 'GET', url: '/', headers: headers() },
    new Request('http://app.test/', { headers: headers() }),
  ];
}

describe('SPEC §3: where the token comes from', () => {
  const cases: Array<[string, () => Record<string, string>, string | null, string | null]> = [
    ['Bearer', () => ({ authorization: `Bearer ${token}` }), 'user_header', null],
    ['bearer in lower case', () => ({ authorization: `bearer ${token}` }), 'user_header', null],
    ['BEARER in upper case', () => ({ authorization: `BEARER ${token}` }), 'user_header', null],
    ['a bare JWT with no scheme (Clerk)', () => ({ authorization: token }), 'user_header', null],
    [
      'another scheme falls through to the cookie',
      () => ({ authorization: 'Basic dXNlcjpwYXNz', cookie: `__session=${otherToken}` }),
      'user_cookie',
      null,
    ],
    [
      'another scheme and no cookie',
      () => ({ authorization: 'Basic dXNlcjpwYXNz' }),
      null,
      'session-token-missing',
    ],
    ['the __session cookie', () => ({ cookie: `a=1; __session=${otherToken}; b=2` }), 'user_cookie', null],
    ['a quoted cookie value', () => ({ cookie: `__session="${otherToken}"` }), 'user_cookie', null],
    [
      'header beats cookie',
      () => ({ authorization: `Bearer ${token}`, cookie: `__session=${otherToken}` }),
      'user_header',
      null,
    ],
    [
      'an invalid header token still beats a valid cookie',
      () => ({ authorization: 'Bearer abc.def.ghi', cookie: `__session=${otherToken}` }),
      null,
      'token-invalid',
    ],
    ['Bearer with two spaces', () => ({ authorization: `Bearer  ${token}` }), null, 'token-invalid'],
    ['Bearer with a tab', () => ({ authorization: `Bearer\t${token}` }), null, 'token-invalid'],
    ['Bearer with nothing', () => ({ authorization: 'Bearer' }), null, 'token-invalid'],
    ['Bearer and a space', () => ({ authorization: 'Bearer ' }), null, 'token-invalid'],
    [
      'two different __session cookies',
      () => ({ cookie: `__session=${token}; __session=${otherToken}` }),
      null,
      'token-ambiguous',
    ],
    [
      'the same __session cookie twice',
      () => ({ cookie: `__session=${otherToken}; __session=${otherToken}` }),
      'user_cookie',
      null,
    ],
    [
      'a cookie whose name only ends in __session',
      () => ({ cookie: `x__session=${token}` }),
      null,
      'session-token-missing',
    ],
    ['an empty __session cookie', () => ({ cookie: '__session=' }), null, 'session-token-missing'],
    ['no token at all', () => ({}), null, 'session-token-missing'],
    [
      'a token over 16 KiB',
      () => ({ authorization: `Bearer ${'a'.repeat(16 * 1024 + 1)}` }),
      null,
      'token-invalid',
    ],
    [
      'a cookie token over 16 KiB',
      () => ({ cookie: `__session=${'a'.repeat(16 * 1024 + 1)}` }),
      null,
      'token-invalid',
    ],
  ];

  for (const [name, headers, userId, reason] of cases) {
    it(name, async () => {
      for (const request of both(headers)) {
        const state = await authenticator.authenticateRequest(request);
        expect(state.auth.userId).toBe(userId);
        expect(state.reason).toBe(reason);
      }
    });
  }

  it('two Authorization headers are ambiguous (Node raw headers and folded fetch Headers)', async () => {
    const node = await authenticator.authenticateRequest({
      headers: { authorization: `Bearer ${token}` },
      rawHeaders: ['Authorization', `Bearer ${token}`, 'authorization', `Bearer ${otherToken}`],
    });
    expect(node.reason).toBe('token-ambiguous');
    const asArray = await authenticator.authenticateRequest({
      headers: { authorization: [`Bearer ${token}`, `Bearer ${token}`] },
    });
    expect(asArray.reason).toBe('token-ambiguous');
    const folded = new Headers();
    folded.append('authorization', `Bearer ${token}`);
    folded.append('authorization', `Bearer ${otherToken}`);
    expect(
      (await authenticator.authenticateRequest(new Request('http://a.test/', { headers: folded }))).reason,
    ).toBe('token-ambiguous');
  });

  it('two Cookie headers are ambiguous however they were joined ("; " by Node and undici, ", " by other fetch runtimes)', async () => {
    for (const separator of ['; ', ', ']) {
      const joined = `__session=${token}${separator}__session=${otherToken}`;
      for (const request of [
        { headers: { cookie: joined } },
        new Request('http://a.test/', { headers: { cookie: joined } }),
      ]) {
        expect((await authenticator.authenticateRequest(request)).reason, separator).toBe('token-ambiguous');
      }
      // The same value twice is one token after "; ", and read two ways after ", " (SPEC §3.2).
      const sameTwice = `a=1${separator}__session=${otherToken}${separator}__session=${otherToken}`;
      const state = await authenticator.authenticateRequest({ headers: { cookie: sameTwice } });
      if (separator === '; ') expect(state.auth.userId).toBe('user_cookie');
      else expect(state.reason).toBe('token-ambiguous');
    }
  });

  it('never reads the query string or the body', async () => {
    const request = new Request(`http://app.test/?__session=${token}&token=${token}`, {
      method: 'POST',
      body: `__session=${token}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect((await authenticator.authenticateRequest(request)).reason).toBe('session-token-missing');
    expect(request.bodyUsed).toBe(false);
  });

  it('honours sessionCookieName', async () => {
    const custom = createAuthenticator({ jwksUrl: issuer.jwksUrl, sessionCookieName: 'my_session' });
    expect(
      (await custom.authenticateRequest({ headers: { cookie: `my_session=${otherToken}` } })).auth.userId,
    ).toBe('user_cookie');
    expect(
      (await custom.authenticateRequest({ headers: { cookie: `__session=${otherToken}` } })).reason,
    ).toBe('session-token-missing');
  });

  it('with a publishable key, SPEC §12.2 chooses between __session and __session_<sha1 suffix>', async () => {
    const withPk = createAuthenticator({ jwksUrl: issuer.jwksUrl, publishableKey: issuer.publishableKey });
    const suffix = createHash('sha1').update(issuer.publishableKey).digest('base64url').slice(0, 8);
    // A development instance with its dev browser; both __client_uat set: the suffixed set (rule 8),
    // which applies to the dev browser cookie too.
    const browser = `__clerk_db_jwt_${suffix}=dvb_1; __client_uat=1; __client_uat_${suffix}=1`;
    const both = { cookie: `__session=${token}; __session_${suffix}=${otherToken}; ${browser}` };
    expect((await withPk.authenticateRequest({ headers: both })).auth.userId).toBe('user_cookie');
    // Neither suffixed cookie: the plain set (rule 3).
    const plain = { cookie: `__session=${token}; __clerk_db_jwt=dvb_1; __client_uat=1` };
    expect((await withPk.authenticateRequest({ headers: plain })).auth.userId).toBe('user_header');
  });
});
