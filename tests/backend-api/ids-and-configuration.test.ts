import { BackendApiError, ConfigurationError, createAuthenticator } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { authenticatorFor, rejectionOf, signedInAuth } from './helpers.js';

describe('Backend API lookups: ids that cannot change the path', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    issuer.addUser({ id: 'user_1' });
  });
  beforeEach(() => issuer.resetStats());
  afterAll(() => issuer.close());

  const unsafeIds = [
    'user_1/../../jwks',
    'a/b',
    '..',
    '.',
    'user..1',
    'user_1?x=1',
    'user_1#x',
    '%2e%2e',
    'user%2F1',
    'a\\b',
    ' user_1',
    'user 1',
    'user_1\n',
    'user\u00001',
    'user\u007f1',
    '',
    'x'.repeat(257),
    'bad\ud800',
  ];

  it.each(unsafeIds.map((id) => [JSON.stringify(id).slice(0, 40), id]))(
    'refuses %s with BackendApiError 400 invalid_id and makes no request',
    async (_, id) => {
      const authenticator = authenticatorFor(issuer);
      for (const lookup of [
        authenticator.users.getUser(id),
        authenticator.organizations.getOrganization(id),
      ]) {
        const error = await rejectionOf(lookup);
        expect(error).toBeInstanceOf(BackendApiError);
        expect(error).toMatchObject({ status: 400, code: 'invalid_id' });
        expect((error as BackendApiError).message).toContain('No request was made');
      }
      expect(issuer.stats.apiRequests).toBe(0);
      expect(issuer.requests).toHaveLength(0);
    },
  );

  it('a signed-in token whose sub is a path makes no request either', async () => {
    const authenticator = authenticatorFor(issuer);
    const auth = await signedInAuth(authenticator, issuer, { userId: '../v1/jwks' });
    issuer.resetStats();
    expect(await rejectionOf(auth.getUser())).toMatchObject({ name: 'BackendApiError', status: 400 });
    expect(issuer.requests).toHaveLength(0);
  });

  it('ids with other characters are percent-encoded into one segment', async () => {
    const authenticator = authenticatorFor(issuer);
    expect(await rejectionOf(authenticator.organizations.getOrganization('acmé-ünïcode'))).toMatchObject({
      status: 404,
    });
    expect(issuer.requests.at(-1)?.path).toBe(`/v1/organizations/${encodeURIComponent('acmé-ünïcode')}`);
  });
});

describe('Backend API lookups: configuration', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    issuer.addUser({ id: 'user_1' });
  });
  beforeEach(() => {
    // An ambient secret key must not leak into these tests.
    vi.stubEnv('CLERK_SECRET_KEY', '');
    issuer.resetStats();
  });
  afterEach(() => vi.unstubAllEnvs());
  afterAll(() => issuer.close());

  it('without a secret key, lookups reject with ConfigurationError missing-secret-key naming CLERK_SECRET_KEY', async () => {
    const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl, apiUrl: issuer.url });
    const auth = await signedInAuth(authenticator, issuer, { userId: 'user_1', orgId: 'org_1' });
    for (const lookup of [
      authenticator.users.getUser('user_1'),
      authenticator.organizations.getOrganization('org_1'),
      auth.getUser(),
      auth.getOrganization(),
    ]) {
      const error = await rejectionOf(lookup);
      expect(error).toBeInstanceOf(ConfigurationError);
      expect(error).toMatchObject({ code: 'missing-secret-key' });
      expect((error as ConfigurationError).message).toContain('CLERK_SECRET_KEY');
    }
    expect(issuer.stats.apiRequests).toBe(0);
  });

  it('the secret key may come from CLERK_SECRET_KEY while tokens are verified with jwtKey', async () => {
    vi.stubEnv('CLERK_SECRET_KEY', issuer.secretKey);
    const authenticator = createAuthenticator({ jwtKey: issuer.publicKeyPem, apiUrl: issuer.url });
    const auth = await signedInAuth(authenticator, issuer, { userId: 'user_1' });
    expect((await auth.getUser())?.id).toBe('user_1');
    expect(issuer.stats).toMatchObject({ jwksRequests: 0, apiRequests: 1, machineVerifications: 0 });
  });

  it('a malformed secret key is a ConfigurationError at the first lookup, with no request', async () => {
    const authenticator = createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      secretKey: 'oops',
      apiUrl: issuer.url,
    });
    const error = await rejectionOf(authenticator.users.getUser('user_1'));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect(error).toMatchObject({ code: 'invalid-secret-key' });
    expect((error as Error).message).not.toContain('oops');
    expect(issuer.stats.apiRequests).toBe(0);
  });
});
