import type { ClerkClient } from '@clerk/backend';
import { isClerkAPIResponseError } from '@clerk/backend/errors';
import { type Authenticator, BackendApiError, ClerkAPIResponseError } from '@sessionguard/core';
import { ClerkAPIResponseError as ExpressClerkAPIResponseError } from '@sessionguard/express';
import { ClerkAPIResponseError as FastifyClerkAPIResponseError } from '@sessionguard/fastify';
import { ClerkAPIResponseError as HonoClerkAPIResponseError } from '@sessionguard/hono';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clerkClientFor } from '../testing/helpers.js';
import { authenticatorFor, rejectionOf } from './helpers.js';

// Clerk's own objects (built by @clerk/backend's client from the test issuer's JSON) against ours
// (built by our lookups from the same JSON): the same keys, all the way down, with the same values.

const verified = (strategy: string, redirect: string | null = null) => ({
  status: 'verified',
  strategy,
  attempts: 1,
  expire_at: 1_700_000_600_000,
  external_verification_redirect_url: redirect,
  nonce: null,
  message: null,
});

const richUser = {
  id: 'user_rich',
  external_id: 'crm-42',
  first_name: 'Ada',
  last_name: 'Lovelace',
  username: 'ada',
  has_image: true,
  image_url: 'https://img.clerk.com/ada.png',
  primary_email_address_id: 'idn_email_2',
  primary_phone_number_id: 'idn_phone_1',
  primary_web3_wallet_id: 'idn_wallet_1',
  password_enabled: true,
  two_factor_enabled: true,
  totp_enabled: true,
  backup_code_enabled: true,
  email_addresses: [
    {
      id: 'idn_email_1',
      object: 'email_address' as const,
      email_address: 'ada@old.example',
      verification: null,
      linked_to: [],
    },
    {
      id: 'idn_email_2',
      object: 'email_address' as const,
      email_address: 'ada@example.test',
      verification: verified('from_oauth_google', 'https://accounts.example/continue?x=1'),
      linked_to: [{ type: 'oauth_google', id: 'idn_oauth_1' }],
    },
  ],
  phone_numbers: [
    {
      id: 'idn_phone_1',
      object: 'phone_number' as const,
      phone_number: '+15555550100',
      reserved_for_second_factor: true,
      default_second_factor: true,
      reserved: false,
      verification: verified('phone_code'),
      linked_to: [],
      backup_codes: null,
    },
  ],
  web3_wallets: [
    {
      id: 'idn_wallet_1',
      object: 'web3_wallet' as const,
      web3_wallet: '0x0000000000000000000000000000000000000001',
      verification: verified('web3_metamask_signature'),
    },
  ],
  external_accounts: [
    {
      id: 'eac_1',
      object: 'external_account' as const,
      external_account_id: 'eac_1',
      provider: 'oauth_google',
      identification_id: 'idn_oauth_1',
      provider_user_id: 'google-123',
      approved_scopes: 'email profile',
      email_address: 'ada@example.test',
      first_name: 'Ada',
      last_name: 'Lovelace',
      image_url: 'https://img.example/ada.png',
      username: null,
      phone_number: null,
      public_metadata: { source: 'google' },
      label: null,
      verification: verified('oauth_google'),
    },
  ],
  enterprise_accounts: [
    {
      id: 'enta_1',
      object: 'enterprise_account' as const,
      active: true,
      email_address: 'ada@corp.example',
      enterprise_connection: {
        id: 'ent_conn_1',
        active: true,
        allow_idp_initiated: false,
        allow_subdomains: true,
        disable_additional_identifications: false,
        domain: 'corp.example',
        logo_public_url: null,
        name: 'Corp SSO',
        protocol: 'saml',
        provider: 'saml_okta',
        sync_user_attributes: true,
        created_at: 1_600_000_000_000,
        updated_at: 1_650_000_000_000,
      },
      first_name: 'Ada',
      last_name: null,
      protocol: 'saml',
      provider: 'saml_okta',
      provider_user_id: 'okta-7',
      public_metadata: {},
      verification: verified('saml'),
      last_authenticated_at: 1_700_000_000_000,
      enterprise_connection_id: 'ent_conn_1',
    },
  ],
  public_metadata: { role: 'admin', nested: { list: [1, 2] } },
  private_metadata: { plan: 'pro' },
  unsafe_metadata: { theme: 'dark' },
  banned: false,
  locked: true,
  deprovisioned: false,
  lockout_expires_in_seconds: 600,
  verification_attempts_remaining: 2,
  last_sign_in_at: 1_700_000_000_000,
  last_active_at: 1_700_000_100_000,
  create_organization_enabled: false,
  create_organizations_limit: 3,
  delete_self_enabled: false,
  legal_accepted_at: 1_600_000_100_000,
  locale: 'en-GB',
  timezone: 'Europe/London',
  password_last_updated_at: 1_650_000_000_000,
  created_at: 1_600_000_000_000,
  updated_at: 1_650_000_000_000,
};

/**
 * Fails unless `ours` has exactly the own keys of `theirs` at every level, with the same values.
 * `_raw` is compared by value (each side holds its own parse of the JSON).
 */
function expectSameAsClerk(ours: unknown, theirs: unknown, path = '$'): void {
  if (theirs instanceof URL) {
    expect(ours, path).toBeInstanceOf(URL);
    expect((ours as URL).href, path).toBe(theirs.href);
    return;
  }
  if (Array.isArray(theirs)) {
    expect(Array.isArray(ours), `${path} is an array`).toBe(true);
    expect((ours as unknown[]).length, `${path}.length`).toBe(theirs.length);
    theirs.forEach((item, index) => {
      expectSameAsClerk((ours as unknown[])[index], item, `${path}[${index}]`);
    });
    return;
  }
  if (typeof theirs === 'object' && theirs !== null) {
    expect(typeof ours === 'object' && ours !== null, `${path} is an object`).toBe(true);
    const ourObject = ours as Record<string, unknown>;
    const theirObject = theirs as Record<string, unknown>;
    expect(Object.keys(ourObject).sort(), `keys of ${path}`).toEqual(Object.keys(theirObject).sort());
    for (const key of Object.keys(theirObject)) {
      if (key === '_raw') expect(ourObject[key], `${path}._raw`).toEqual(theirObject[key]);
      else expectSameAsClerk(ourObject[key], theirObject[key], `${path}.${key}`);
    }
    return;
  }
  expect(ours, path).toBe(theirs);
}

/** Clerk's getters, read on both sides: prototype accessors are not own keys. */
const USER_GETTERS = ['raw', 'primaryEmailAddress', 'primaryPhoneNumber', 'primaryWeb3Wallet', 'fullName'];

describe("User and Organization: Clerk's objects from the same JSON", () => {
  let issuer: TestIssuer;
  let clerk: ClerkClient;
  let ours: Authenticator;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    issuer.addUser(richUser);
    issuer.addUser({ id: 'user_plain' });
    issuer.addUser({ id: 'user_first_only', first_name: 'Grace', email_addresses: [] });
    issuer.addOrganization({
      id: 'org_1',
      name: 'Acme Inc',
      slug: 'acme',
      members_count: 3,
      has_image: true,
      public_metadata: { tier: 'gold' },
      private_metadata: { stripe: 'cus_1' },
      created_by: 'user_rich',
    });
    issuer.addOrganization({ id: 'org_plain' });
    clerk = clerkClientFor(issuer);
    ours = authenticatorFor(issuer);
  });
  afterAll(() => issuer.close());

  for (const userId of ['user_rich', 'user_plain', 'user_first_only']) {
    it(`${userId}: every field, nested resource and getter matches @clerk/backend's User`, async () => {
      const theirs = await clerk.users.getUser(userId);
      const user = await ours.users.getUser(userId);
      expectSameAsClerk(user, theirs);
      for (const getter of USER_GETTERS) {
        const theirValue = (theirs as unknown as Record<string, unknown>)[getter];
        const ourValue = (user as unknown as Record<string, unknown>)[getter];
        if (getter === 'raw') expect(ourValue).toEqual(theirValue);
        else expectSameAsClerk(ourValue, theirValue, getter);
      }
      // `raw` is the same object as `_raw`, as on Clerk's class.
      expect(user.raw).toBe(user._raw);
    });
  }

  it("the getters pick what Clerk's pick (not the first entry) and the full name joins both names", async () => {
    const user = await ours.users.getUser('user_rich');
    expect(user.primaryEmailAddress?.emailAddress).toBe('ada@example.test');
    expect(user.primaryPhoneNumber?.phoneNumber).toBe('+15555550100');
    expect(user.primaryWeb3Wallet?.id).toBe('idn_wallet_1');
    expect(user.fullName).toBe('Ada Lovelace');
    expect(user.emailAddresses[1]?.verification?.externalVerificationRedirectURL?.href).toBe(
      'https://accounts.example/continue?x=1',
    );
    const plain = await ours.users.getUser('user_plain');
    expect(plain.fullName).toBeNull();
    expect(plain.primaryPhoneNumber).toBeNull();
    // Getters live on the prototype: a spread or JSON copy holds the data fields only, as Clerk's.
    expect(Object.keys({ ...user })).not.toContain('fullName');
    expect(JSON.parse(JSON.stringify(user))).not.toHaveProperty('primaryEmailAddress');
  });

  for (const [label, idOrSlug, clerkParams] of [
    ['by id', 'org_1', { organizationId: 'org_1' }],
    ['by slug', 'acme', { slug: 'acme' }],
    ['with defaults', 'org_plain', { organizationId: 'org_plain' }],
  ] as const) {
    it(`Organization ${label}: every field matches @clerk/backend's Organization`, async () => {
      const theirs = await clerk.organizations.getOrganization(clerkParams);
      const organization = await ours.organizations.getOrganization(idOrSlug);
      expectSameAsClerk(organization, theirs);
      expect(organization.raw).toEqual((theirs as unknown as { raw: unknown }).raw);
      expect(organization.raw).toBe(organization._raw);
    });
  }
});

function clerkError(code: string, message: string, traceId: string): Record<string, unknown> {
  return {
    errors: [{ code, message, long_message: `${message}.`, meta: {} }],
    clerk_trace_id: traceId,
  };
}

/** Fields of Clerk's ClerkAPIResponseError that ours carries with the same values. */
const ERROR_FIELDS = ['status', 'clerkTraceId', 'retryAfter', 'errors', 'clerkError'] as const;

describe("BackendApiError: Clerk's ClerkAPIResponseError from the same error body", () => {
  let issuer: TestIssuer;
  let clerk: ClerkClient;
  let ours: Authenticator;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    clerk = clerkClientFor(issuer);
    ours = authenticatorFor(issuer, { lookupNotFoundTtlInMs: 0 });
  });
  afterAll(() => issuer.close());

  async function bothErrors(
    queued: Parameters<TestIssuer['queueApiResponses']>,
  ): Promise<{ theirs: Record<string, unknown>; error: BackendApiError }> {
    if (queued.length > 0) issuer.queueApiResponses(...queued);
    const theirs = (await rejectionOf(clerk.users.getUser('user_missing'))) as Record<string, unknown>;
    if (queued.length > 0) issuer.queueApiResponses(...queued);
    const error = await rejectionOf(ours.users.getUser('user_missing'));
    expect(error).toBeInstanceOf(BackendApiError);
    return { theirs, error: error as BackendApiError };
  }

  function expectSameFields(error: BackendApiError, theirs: Record<string, unknown>): void {
    for (const field of ERROR_FIELDS) {
      expectSameAsClerk((error as unknown as Record<string, unknown>)[field], theirs[field], field);
    }
    // Clerk's own type guard recognizes ours.
    expect(isClerkAPIResponseError(error)).toBe(true);
  }

  it('a 404: the same status, errors (code, message, longMessage, meta) and trace id', async () => {
    // The issuer's own 404 body, with a fixed trace id (it draws a new one per answer).
    const body = clerkError('resource_not_found', 'not found', 'trace_404');
    const { theirs, error } = await bothErrors([{ status: 404, body }]);
    expectSameFields(error, theirs);
    expect(error).toMatchObject({ status: 404, code: 'resource_not_found', clerkTraceId: 'trace_404' });
    expect(error.retryAfter).toBeUndefined();
    expect(error.errors[0]?.meta).toEqual({});
  });

  it('a 422 whose meta has param_name, session_id and email_addresses: camel-cased as Clerk does', async () => {
    const body = {
      errors: [
        {
          code: 'form_param_format_invalid',
          message: 'is invalid',
          long_message: 'user_id is invalid',
          meta: { param_name: 'user_id', session_id: 'sess_1', email_addresses: ['a@example.test'] },
        },
        { code: 'form_identifier_exists', message: 'taken', meta: { param_name: 'email_address' } },
      ],
      clerk_trace_id: 'trace_422',
    };
    const { theirs, error } = await bothErrors([{ status: 422, body }]);
    expectSameFields(error, theirs);
    expect(error.status).toBe(422);
    expect(error.clerkTraceId).toBe('trace_422');
    expect(error.errors[0]?.meta).toMatchObject({
      paramName: 'user_id',
      sessionId: 'sess_1',
      emailAddresses: ['a@example.test'],
    });
    expect(error.errors[1]?.longMessage).toBeUndefined();
    expect(error.code).toBe('form_param_format_invalid');
  });

  it('a 429 with Retry-After: retryAfter in seconds, as on Clerk', async () => {
    // Longer than our client waits, so it gives up at once instead of retrying.
    const body = clerkError('too_many_requests', 'Too many requests', 'trace_429');
    const { theirs, error } = await bothErrors([{ status: 429, retryAfterSeconds: 120, body }]);
    expectSameFields(error, theirs);
    expect(error).toMatchObject({ status: 429, retryAfter: 120, retryAfterSeconds: 120 });
    expect(error.errors[0]?.code).toBe('too_many_requests');
  });

  it('is exported as ClerkAPIResponseError, the same class, from core and every adapter', async () => {
    expect(ClerkAPIResponseError).toBe(BackendApiError);
    expect(ExpressClerkAPIResponseError).toBe(BackendApiError);
    expect(FastifyClerkAPIResponseError).toBe(BackendApiError);
    expect(HonoClerkAPIResponseError).toBe(BackendApiError);
    const error = await rejectionOf(ours.users.getUser('user_missing'));
    expect(error).toBeInstanceOf(ClerkAPIResponseError);
    expect(String((error as Error).message)).not.toContain(issuer.secretKey);
  });
});
