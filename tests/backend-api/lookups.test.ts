import { readFileSync } from 'node:fs';
import { BackendApiError } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticatorFor, fakeClock, rejectionOf, signedInAuth } from './helpers.js';

const corePackage = JSON.parse(
  readFileSync(new URL('../../packages/core/package.json', import.meta.url), 'utf8'),
) as { name: string; version: string };

describe('Backend API lookups: requests, mapping, cache', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    const futureFields = { future_field: { nested: true } };
    issuer.addUser({
      id: 'user_1',
      first_name: 'Ada',
      last_name: 'Lovelace',
      username: 'ada',
      public_metadata: { role: 'admin' },
      private_metadata: { plan: 'pro' },
      last_sign_in_at: 1_700_000_000_000,
      created_at: 1_600_000_000_000,
      updated_at: 1_650_000_000_000,
      ...futureFields,
    });
    issuer.addOrganization({ id: 'org_1', name: 'Acme Inc', slug: 'acme', members_count: 3 });
  });
  beforeEach(() => {
    issuer.setApiLatency(0);
    issuer.resetStats();
  });
  afterAll(() => issuer.close());

  it('sends GET {apiUrl}/{apiVersion}/users/{id} with the Bearer secret key and a User-Agent', async () => {
    const authenticator = authenticatorFor(issuer);
    await authenticator.users.getUser('user_1');
    expect(issuer.stats.apiRequests).toBe(1);
    const request = issuer.requests.find((logged) => logged.path.startsWith('/v1/users/'));
    expect(request).toMatchObject({ method: 'GET', path: '/v1/users/user_1' });
    expect(request?.headers.authorization).toBe(`Bearer ${issuer.secretKey}`);
    // src/version.ts is kept by hand: this is the check that it matches package.json.
    expect(request?.headers['user-agent']).toBe(`${corePackage.name}@${corePackage.version}`);
    expect(request?.headers.accept).toBe('application/json');
  });

  it('maps Clerk user JSON to camelCase and keeps the original JSON under raw', async () => {
    const user = await authenticatorFor(issuer).users.getUser('user_1');
    expect(user).toMatchObject({
      id: 'user_1',
      firstName: 'Ada',
      lastName: 'Lovelace',
      username: 'ada',
      publicMetadata: { role: 'admin' },
      privateMetadata: { plan: 'pro' },
      unsafeMetadata: {},
      banned: false,
      locked: false,
      lastSignInAt: 1_700_000_000_000,
      createdAt: 1_600_000_000_000,
      updatedAt: 1_650_000_000_000,
      phoneNumbers: [],
    });
    expect(typeof user.imageUrl).toBe('string');
    expect(user.emailAddresses).toEqual([
      {
        id: user.primaryEmailAddressId,
        emailAddress: 'user_1@example.test',
        verification: {
          status: 'verified',
          strategy: 'email_code',
          externalVerificationRedirectURL: null,
          attempts: null,
          expireAt: null,
          nonce: null,
          message: null,
        },
        linkedTo: [],
      },
    ]);
    expect(user.raw).toMatchObject({
      object: 'user',
      id: 'user_1',
      first_name: 'Ada',
      two_factor_enabled: false,
      external_id: null,
      future_field: { nested: true },
    });
    expect(user).not.toHaveProperty('first_name');
  });

  it('maps organizations, found by id or by slug', async () => {
    const authenticator = authenticatorFor(issuer);
    const byId = await authenticator.organizations.getOrganization('org_1');
    expect(byId).toMatchObject({
      id: 'org_1',
      name: 'Acme Inc',
      slug: 'acme',
      membersCount: 3,
      publicMetadata: {},
      privateMetadata: {},
    });
    expect(typeof byId.createdAt).toBe('number');
    expect(byId.raw).toMatchObject({ object: 'organization', max_allowed_memberships: 5 });
    const bySlug = await authenticator.organizations.getOrganization('acme');
    expect(bySlug.id).toBe('org_1');
    expect(issuer.requests.map((logged) => logged.path)).toEqual([
      '/v1/organizations/org_1',
      '/v1/organizations/acme',
    ]);
  });

  it('auth.getUser() and auth.getOrganization() look up the signed-in user and organization', async () => {
    const authenticator = authenticatorFor(issuer);
    const auth = await signedInAuth(authenticator, issuer, { userId: 'user_1', orgId: 'org_1' });
    expect((await auth.getUser())?.firstName).toBe('Ada');
    expect((await auth.getOrganization())?.name).toBe('Acme Inc');
    const noOrg = await signedInAuth(authenticator, issuer, { userId: 'user_1' });
    expect(await noOrg.getOrganization()).toBeNull();
  });

  it('100 concurrent lookups of one id make one request (single flight)', async () => {
    issuer.setApiLatency(50);
    const authenticator = authenticatorFor(issuer);
    const auth = await signedInAuth(authenticator, issuer, { userId: 'user_1' });
    issuer.resetStats();
    const users = await Promise.all(Array.from({ length: 100 }, () => auth.getUser()));
    expect(issuer.stats.apiRequests).toBe(1);
    expect(users.every((user) => user?.id === 'user_1')).toBe(true);
    // Each caller gets its own copy: one caller's mutation does not leak into another's result.
    users[0]!.publicMetadata.role = 'mutated';
    expect(users[1]!.publicMetadata.role).toBe('admin');
    expect((await auth.getUser())?.publicMetadata.role).toBe('admin');
  });

  it('caches results for lookupCacheTtlInMs (60 s by default) on the `now` clock', async () => {
    const clock = fakeClock();
    const authenticator = authenticatorFor(issuer, { now: clock.now });
    await authenticator.users.getUser('user_1');
    expect(issuer.stats.apiRequests).toBe(1);

    issuer.resetStats();
    clock.advance(59_999);
    await authenticator.users.getUser('user_1');
    expect(issuer.stats.apiRequests).toBe(0);

    clock.advance(2);
    await authenticator.users.getUser('user_1');
    expect(issuer.stats.apiRequests).toBe(1);
  });

  it('a 404 is null on the auth object, cached for lookupNotFoundTtlInMs (5 s)', async () => {
    const clock = fakeClock();
    const authenticator = authenticatorFor(issuer, { now: clock.now });
    const auth = await signedInAuth(authenticator, issuer, { userId: 'user_missing', orgId: 'org_missing' });
    issuer.resetStats();
    expect(await auth.getUser()).toBeNull();
    expect(await auth.getOrganization()).toBeNull();
    expect(issuer.stats.apiRequests).toBe(2);

    issuer.resetStats();
    clock.advance(4_999);
    expect(await auth.getUser()).toBeNull();
    expect(issuer.stats.apiRequests).toBe(0);

    clock.advance(2);
    expect(await auth.getUser()).toBeNull();
    expect(issuer.stats.apiRequests).toBe(1);
  });

  it('authenticator.users.getUser rejects with BackendApiError 404, also from the cache', async () => {
    const authenticator = authenticatorFor(issuer);
    const error = await rejectionOf(authenticator.users.getUser('user_missing'));
    expect(error).toBeInstanceOf(BackendApiError);
    expect(error).toMatchObject({ status: 404, code: 'resource_not_found' });
    expect((error as BackendApiError).errors[0]).toMatchObject({
      code: 'resource_not_found',
      message: 'not found',
      longMessage: 'The requested resource was not found.',
    });
    expect((error as BackendApiError).clerkTraceId).toMatch(/^[0-9a-f]+$/);

    const cached = await rejectionOf(authenticator.users.getUser('user_missing'));
    expect(cached).toMatchObject({ status: 404, code: 'resource_not_found' });
    expect(issuer.stats.apiRequests).toBe(1);

    const organization = await rejectionOf(authenticator.organizations.getOrganization('nope'));
    expect(organization).toMatchObject({ status: 404 });
  });

  it('a found result becomes visible after the 404 entry expires', async () => {
    const clock = fakeClock();
    const authenticator = authenticatorFor(issuer, { now: clock.now });
    expect(await rejectionOf(authenticator.users.getUser('user_later'))).toMatchObject({ status: 404 });
    issuer.addUser({ id: 'user_later', first_name: 'Late' });
    clock.advance(5_001);
    expect((await authenticator.users.getUser('user_later')).firstName).toBe('Late');
  });

  it('lookups are cached per authenticator, not shared between them by default', async () => {
    await authenticatorFor(issuer).users.getUser('user_1');
    await authenticatorFor(issuer).users.getUser('user_1');
    expect(issuer.stats.apiRequests).toBe(2);
  });

  it('apiVersion is part of the path', async () => {
    const authenticator = authenticatorFor(issuer, { apiVersion: 'v2' });
    // The test issuer only serves v1, so v2 is a 404: what matters is the path that was asked for.
    expect(await rejectionOf(authenticator.users.getUser('user_1'))).toMatchObject({ status: 404 });
    expect(issuer.requests.at(-1)?.path).toBe('/v2/users/user_1');
  });
});
