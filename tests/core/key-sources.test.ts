import { createAuthenticator } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from './helpers.js';

const noNetwork: typeof fetch = () => Promise.reject(new Error('network used'));

describe('jwtKey: a PEM public key, no network, no secret key', () => {
  const cases = [
    { name: 'RSA 2048', options: { alg: 'RS256', modulusLength: 2048 } },
    { name: 'RSA 3072', options: { alg: 'RS256', modulusLength: 3072 } },
    { name: 'RSA 4096', options: { alg: 'RS256', modulusLength: 4096 } },
    { name: 'RSA-PSS signatures (PS256)', options: { alg: 'PS256' } },
    { name: 'EC P-256', options: { alg: 'ES256' } },
    { name: 'EC P-384', options: { alg: 'ES384' } },
    { name: 'Ed25519', options: { alg: 'EdDSA' } },
  ] as const;

  it.each(cases)('verifies tokens signed with $name', async ({ options }) => {
    const issuer = await createTestIssuer(options);
    try {
      const authenticator = createAuthenticator({
        jwtKey: issuer.publicKeyPem,
        algorithms: [issuer.alg],
        fetch: noNetwork,
      });
      const token = await issuer.mintSessionToken({ userId: 'user_pem' });
      const state = await authenticator.authenticateRequest(bearer(token));
      expect(state.status).toBe('signed-in');
      expect(state.auth.userId).toBe('user_pem');
      expect(issuer.stats.jwksRequests).toBe(0);

      const forged = await issuer.mintSessionToken({ userId: 'user_pem', claims: { sub: 'user_other' } });
      const [h, , s] = token.split('.');
      const [, p] = forged.split('.');
      expect((await authenticator.authenticateRequest(bearer(`${h}.${p}.${s}`))).reason).toBe(
        'token-invalid-signature',
      );
    } finally {
      await issuer.close();
    }
  });

  it('accepts a PEM whose newlines are escaped, as env files carry it', async () => {
    const issuer = await createTestIssuer();
    try {
      const escaped = issuer.publicKeyPem.trim().replace(/\n/g, '\\n');
      const state = await createAuthenticator({ jwtKey: escaped, fetch: noNetwork }).authenticateRequest(
        bearer(await issuer.mintSessionToken({ userId: 'u' })),
      );
      expect(state.status).toBe('signed-in');
    } finally {
      await issuer.close();
    }
  });
});

describe('remote key sources against the real issuer', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  it('jwksUrl: fetches the given JWKS once', async () => {
    issuer.resetStats();
    const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl });
    for (let i = 0; i < 3; i++) {
      const state = await authenticator.authenticateRequest(
        bearer(await issuer.mintSessionToken({ userId: `u${i}` })),
      );
      expect(state.auth.userId).toBe(`u${i}`);
    }
    expect(issuer.requests.map((r) => r.path)).toEqual(['/.well-known/jwks.json']);
  });

  it('secretKey: GET {apiUrl}/{apiVersion}/jwks with Authorization: Bearer <secretKey>', async () => {
    issuer.resetStats();
    const authenticator = createAuthenticator({ secretKey: issuer.secretKey, apiUrl: issuer.url });
    const state = await authenticator.authenticateRequest(
      bearer(await issuer.mintSessionToken({ userId: 'u_sk' })),
    );
    expect(state.status).toBe('signed-in');
    expect(issuer.requests).toHaveLength(1);
    expect(issuer.requests[0]?.path).toBe('/v1/jwks');
    expect(issuer.requests[0]?.headers.authorization).toBe(`Bearer ${issuer.secretKey}`);
  });

  it('secretKey: a refused key is secret-key-invalid, and the key is not in the message', async () => {
    const wrongKey = 'sk_test_wrong_wrong_wrong';
    const state = await createAuthenticator({ secretKey: wrongKey, apiUrl: issuer.url }).authenticateRequest(
      bearer(await issuer.mintSessionToken({ userId: 'u' })),
    );
    expect(state.reason).toBe('secret-key-invalid');
    expect(state.auth.isAuthenticated ? '' : state.auth.message).not.toContain(wrongKey);
  });

  it('publishableKey: GET <frontend api host>/.well-known/jwks.json (http only for 127.0.0.1)', async () => {
    issuer.resetStats();
    const authenticator = createAuthenticator({ publishableKey: issuer.publishableKey });
    const state = await authenticator.authenticateRequest(
      bearer(await issuer.mintSessionToken({ userId: 'u_pk' })),
    );
    expect(state.status).toBe('signed-in');
    expect(issuer.requests.map((r) => `${r.headers.host}${r.path}`)).toEqual([
      `${issuer.host}/.well-known/jwks.json`,
    ]);
  });

  it('publishableKey: any other host is fetched over https', async () => {
    const requested: string[] = [];
    const recordingFetch: typeof fetch = async (input) => {
      requested.push(String(input));
      throw new Error('offline');
    };
    const publishableKey = `pk_live_${btoa('clerk.example.com$')}`;
    const state = await createAuthenticator({ publishableKey, fetch: recordingFetch }).authenticateRequest(
      bearer(await issuer.mintSessionToken({ userId: 'u' })),
    );
    expect(state.reason).toBe('jwk-remote-failed-to-load');
    expect(requested).toEqual(['https://clerk.example.com/.well-known/jwks.json']);
  });

  it('first key source that is set wins: jwtKey, jwksUrl, secretKey, publishableKey', async () => {
    issuer.resetStats();
    const token = await issuer.mintSessionToken({ userId: 'u' });
    await createAuthenticator({
      jwtKey: issuer.publicKeyPem,
      jwksUrl: issuer.jwksUrl,
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
      publishableKey: issuer.publishableKey,
    }).authenticateRequest(bearer(token));
    expect(issuer.requests).toHaveLength(0);
    await createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
    }).authenticateRequest(bearer(token));
    await createAuthenticator({
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
      publishableKey: issuer.publishableKey,
    }).authenticateRequest(bearer(token));
    expect(issuer.requests.map((r) => r.path)).toEqual(['/.well-known/jwks.json', '/v1/jwks']);
  });
});
