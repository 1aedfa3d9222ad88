import {
  type Authenticator,
  createAuthenticator,
  type HasCheck,
  isReverified,
  reverificationPresets,
  type SignedInAuth,
} from '@sessionguard/core';
import {
  buildSignedOutAuthObject,
  signedOutAuthObject,
} from '@sessionguard/core/internal/auth/auth-object.js';
import { createTestIssuer, type MintOptions, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer } from './helpers.js';

let issuer: TestIssuer;
let authenticator: Authenticator;
beforeAll(async () => {
  issuer = await createTestIssuer();
  authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl });
});
afterAll(() => issuer.close());

async function signedIn(options: Partial<MintOptions>): Promise<SignedInAuth> {
  const token = await issuer.mintSessionToken({ userId: 'user_1', ...options });
  const state = await authenticator.authenticateRequest(bearer(token));
  if (!state.auth.isAuthenticated) throw new Error(`signed out: ${state.reason}`);
  return state.auth;
}

const ORG = {
  sessionId: 'sess_1',
  orgId: 'org_1',
  orgSlug: 'acme',
  orgRole: 'org:admin',
  orgPermissions: ['org:impersonation:read', 'org:memberships:read', 'org:memberships:manage'],
  fva: [3, 7] as [number, number],
  actor: { sub: 'user_support' },
};

function comparable(auth: SignedInAuth) {
  const {
    sessionClaims: _claims,
    has: _has,
    needsReverification: _n,
    getToken: _t,
    getUser: _u,
    getOrganization: _o,
    ...fields
  } = auth;
  return { ...fields, orgPermissions: [...(fields.orgPermissions ?? [])].sort() };
}

describe('SPEC §4.3: v1 and v2 claims give the same auth object', () => {
  it('maps organization, factor ages and actor identically', async () => {
    const v1 = await signedIn({ ...ORG, version: 1 });
    const v2 = await signedIn({ ...ORG, version: 2 });
    expect(v1.sessionClaims.org_id).toBe('org_1');
    expect(v2.sessionClaims.o).toMatchObject({
      id: 'org_1',
      rol: 'admin',
      slg: 'acme',
      per: 'read,manage',
      fpm: '1,3',
    });
    expect(comparable(v2)).toEqual(comparable(v1));
    expect(comparable(v1)).toEqual({
      isAuthenticated: true,
      tokenType: 'session_token',
      userId: 'user_1',
      sessionId: 'sess_1',
      sessionStatus: null,
      actor: { sub: 'user_support' },
      orgId: 'org_1',
      orgRole: 'org:admin',
      orgSlug: 'acme',
      orgPermissions: ['org:impersonation:read', 'org:memberships:manage', 'org:memberships:read'],
      factorVerificationAge: [3, 7],
      scopes: null,
    });
  });

  it('without an organization every org field is null', async () => {
    for (const version of [1, 2] as const) {
      const auth = await signedIn({ version });
      expect([auth.orgId, auth.orgRole, auth.orgSlug, auth.orgPermissions]).toEqual([null, null, null, null]);
    }
  });

  it('expands the SPEC example: fea o:impersonation,o:memberships, per read,manage, fpm 1,3', async () => {
    const auth = await signedIn({
      orgId: 'org_1',
      orgRole: 'org:member',
      claims: {
        fea: 'o:impersonation,o:memberships',
        o: { id: 'org_1', rol: 'member', per: 'read,manage', fpm: '1,3' },
      },
    });
    expect(auth.orgPermissions).toEqual([
      'org:impersonation:read',
      'org:memberships:read',
      'org:memberships:manage',
    ]);
  });

  it('reads fpm bitmasks exactly beyond 2^53', async () => {
    const names = Array.from({ length: 60 }, (_, i) => `p${i}`);
    // 2^53 + 1 and 2^59: a float would round both away from their low bits.
    const auth = await signedIn({
      orgId: 'org_1',
      claims: {
        fea: 'u:ai,o:big,o:top',
        o: { id: 'org_1', rol: 'admin', per: names.join(','), fpm: `${2n ** 53n + 1n},${2n ** 59n}` },
      },
    });
    expect(auth.orgPermissions).toEqual(['org:big:p0', 'org:big:p53', 'org:top:p59']);

    const minted = await signedIn({
      orgId: 'org_1',
      orgRole: 'org:admin',
      orgPermissions: names.map((n) => `org:wide:${n}`),
    });
    expect(minted.orgPermissions).toHaveLength(60);
    expect(minted.has({ permission: 'org:wide:p59' })).toBe(true);
  });
});

describe('SPEC §5: has()', () => {
  let auth: SignedInAuth;
  beforeAll(async () => {
    auth = await signedIn({
      ...ORG,
      features: ['u:ai', 'o:analytics', 'ou:sso'],
      plans: ['u:pro', 'o:business'],
    });
  });

  it.each([
    [{}, false],
    [{ role: 'org:admin' }, true],
    [{ role: 'admin' }, true],
    [{ role: 'org:member' }, false],
    [{ role: 'org:org:admin' }, false],
    [{ permission: 'org:memberships:manage' }, true],
    [{ permission: 'memberships:manage' }, true],
    [{ permission: 'org:billing:manage' }, false],
    [{ feature: 'analytics' }, true],
    [{ feature: 'o:analytics' }, true],
    [{ feature: 'org:analytics' }, true],
    [{ feature: 'organization:analytics' }, true],
    [{ feature: 'u:analytics' }, false],
    [{ feature: 'ai' }, true],
    [{ feature: 'user:ai' }, true],
    [{ feature: 'o:ai' }, false],
    [{ feature: 'o:sso' }, true],
    [{ feature: 'u:sso' }, true],
    [{ feature: 'x:ai' }, false],
    [{ plan: 'pro' }, true],
    [{ plan: 'u:pro' }, true],
    [{ plan: 'o:pro' }, false],
    [{ plan: 'org:business' }, true],
    [{ plan: 'enterprise' }, false],
    [{ role: 'admin', permission: 'memberships:read' }, true],
    [{ role: 'admin', permission: 'billing:read' }, false],
    [{ role: 'member', permission: 'memberships:read' }, false],
    [{ role: 'admin', feature: 'analytics', plan: 'business' }, true],
    [{ role: 'admin', feature: 'analytics', plan: 'enterprise' }, false],
    [{ permission: 'memberships:manage', reverification: 'strict' }, true],
    [
      { permission: 'memberships:manage', reverification: { level: 'second_factor', afterMinutes: 5 } },
      false,
    ],
    [{ role: undefined }, false],
    // An empty dimension, or one that is only a prefix, is not asked (Clerk).
    [{ role: '' }, false],
    [{ role: 'org:' }, false],
    [{ permission: '' }, false],
    [{ permission: 'org:' }, false],
    [{ feature: '' }, false],
    [{ feature: 'o:' }, false],
    [{ plan: 'u:' }, false],
    [{ scope: '' }, false],
    [{ role: '', permission: 'memberships:read' }, true],
    [{ role: 'org:', permission: 'billing:read' }, false],
    [{ role: 'admin', permission: 'org:', feature: '', plan: 'org:' }, true],
    [{ role: 'member', permission: 'org:' }, false],
    // Not a string: asked, and fails closed.
    [{ role: 5 }, false],
    [{ role: 'admin', permission: ['memberships:read'] }, false],
    [{ scope: 'read:messages' }, false],
  ] as const)('has(%j) is %s', (check, expected) => {
    expect(auth.has(check as HasCheck)).toBe(expected);
  });

  it.each([
    [
      'v1, org_role without the prefix',
      { version: 1, orgRole: 'admin', orgPermissions: ['memberships:read'] },
    ],
    [
      'v1, org_role with the prefix',
      { version: 1, orgRole: 'org:admin', orgPermissions: ['org:memberships:read'] },
    ],
    [
      'v2 (o.rol never has the prefix)',
      { version: 2, orgRole: 'admin', orgPermissions: ['org:memberships:read'] },
    ],
  ] as const)('roles and permissions compare with one org: prefix on either side (%s)', async (_, org) => {
    const member = await signedIn({ orgId: 'org_1', ...org, orgPermissions: [...org.orgPermissions] });
    for (const role of ['admin', 'org:admin']) expect(member.has({ role }), role).toBe(true);
    for (const permission of ['memberships:read', 'org:memberships:read']) {
      expect(member.has({ permission }), permission).toBe(true);
    }
    for (const role of ['org:org:admin', 'Admin', 'org:member', 'adm'])
      expect(member.has({ role }), role).toBe(false);
    expect(member.has({ permission: 'org:org:memberships:read' })).toBe(false);
  });

  it('roles and permissions need an active organization', async () => {
    const personal = await signedIn({ features: ['u:ai'] });
    expect(personal.has({ role: 'org:admin' })).toBe(false);
    expect(personal.has({ permission: 'org:x:y' })).toBe(false);
    expect(personal.has({ feature: 'ai' })).toBe(true);
  });

  it('methods survive destructuring, as Clerk users write them', () => {
    const { has, needsReverification } = auth;
    expect(has({ role: 'admin' })).toBe(true);
    expect(needsReverification('strict')).toBe(false);
  });
});

describe('SPEC §5: reverification', () => {
  it('has the presets of the table', () => {
    expect(reverificationPresets).toEqual({
      strict_mfa: { afterMinutes: 10, level: 'multi_factor' },
      strict: { afterMinutes: 10, level: 'second_factor' },
      moderate: { afterMinutes: 60, level: 'second_factor' },
      lax: { afterMinutes: 1440, level: 'second_factor' },
    });
  });

  it.each([
    [[0, -1], 'strict_mfa', true],
    [[-1, -1], 'strict', false],
    [['0', '0'], 'strict', false],
    [[-0.5, 0], 'strict', false],
    [[0, 0], { level: 'multi_factor', afterMinutes: 0 }, false],
    [[5, 15], 'moderate', true],
    [[5, 15], 'strict', false],
    [[5, 9], 'strict', true],
    [[5, 10], 'strict', false],
    [[11, -1], 'strict', false],
    [[9, -1], 'strict', true],
    [[-1, 9], 'strict', true],
    [[-1, 9], 'strict_mfa', false],
    [[9, 9], 'strict_mfa', true],
    [[11, 9], 'strict_mfa', false],
    [[9, 11], 'strict_mfa', false],
    [[9, 11], { level: 'first_factor', afterMinutes: 10 }, true],
    [[-1, 1], { level: 'first_factor', afterMinutes: 10 }, false],
    [[1439, 1439], 'lax', true],
    [[1440, 1440], 'lax', false],
    [[1, 2, 3], 'lax', false],
    [null, 'lax', false],
    [[1, 1], 'unknown', false],
    [[1, 1], { level: 'third_factor', afterMinutes: 10 }, false],
    [[1, 1], { level: 'second_factor', afterMinutes: Number.NaN }, false],
  ] as const)('fva %j with %j passes: %s', async (fva, preset, passes) => {
    // biome-ignore lint/suspicious/noExplicitAny: deliberately malformed presets
    const asked = preset as any;
    expect(isReverified(fva, asked)).toBe(passes);
    const auth = await signedIn({ fva });
    expect(auth.needsReverification(asked)).toBe(!passes);
    expect(auth.has({ reverification: asked })).toBe(passes);
  });

  it('needsReverification() defaults to strict', async () => {
    expect((await signedIn({ fva: [5, 9] })).needsReverification()).toBe(false);
    expect((await signedIn({ fva: [5, 11] })).needsReverification()).toBe(true);
    expect((await signedIn({})).needsReverification()).toBe(true);
  });
});

describe('SPEC §5: signed-out auth object', () => {
  it('answers false, true and null everywhere and says why', async () => {
    const state = await authenticator.authenticateRequest({ headers: {} });
    const auth = state.auth;
    expect(auth.isAuthenticated).toBe(false);
    if (auth.isAuthenticated) return;
    expect(auth.reason).toBe('session-token-missing');
    expect(auth.message).toBeTypeOf('string');
    expect(auth.has({ role: 'admin' })).toBe(false);
    expect(auth.needsReverification()).toBe(true);
    expect(await auth.getToken()).toBeNull();
    expect(await auth.getUser()).toBeNull();
    expect(await auth.getOrganization()).toBeNull();
    expect(state.headers).toEqual({
      'x-clerk-auth-status': 'signed-out',
      'x-clerk-auth-reason': 'session-token-missing',
    });
  });

  it('getToken() gives the raw session token when signed in', async () => {
    const token = await issuer.mintSessionToken({ userId: 'user_tok' });
    const state = await authenticator.authenticateRequest(bearer(token));
    expect(await state.auth.getToken()).toBe(token);
    expect(state.token).toBe(token);
  });
});

describe('SPEC §5: OAuth scopes from scope / scp', () => {
  it.each([
    [
      'scope, space-separated',
      { scope: 'read:messages  write:messages ' },
      ['read:messages', 'write:messages'],
    ],
    ['scp, a list', { scp: ['read:messages', 'write:messages'] }, ['read:messages', 'write:messages']],
    [
      'scp, a string (Entra ID)',
      { scp: 'read:messages write:messages' },
      ['read:messages', 'write:messages'],
    ],
    ['scope over scp', { scope: 'read:messages', scp: ['write:messages'] }, ['read:messages']],
    ['a malformed scope grants nothing', { scope: 42, scp: ['write:messages'] }, []],
    ['non-strings in scp are dropped', { scp: ['read:messages', 7, null] }, ['read:messages']],
  ] as const)('%s', async (_, claims, scopes) => {
    const auth = await signedIn({ claims });
    expect(auth.scopes).toEqual(scopes);
    expect(auth.has({ scope: 'read:messages' })).toBe(scopes.includes('read:messages' as never));
    expect(auth.has({ scope: 'write:messages' })).toBe(scopes.includes('write:messages' as never));
    expect(auth.has({ scope: 'read' })).toBe(false);
    expect(auth.has({ scope: 'READ:MESSAGES' })).toBe(false);
  });

  it('a Clerk session token has neither: scopes is null and no scope passes', async () => {
    const auth = await signedIn({ orgId: 'org_1', orgRole: 'org:admin' });
    expect(auth.scopes).toBeNull();
    expect(auth.has({ scope: 'openid' })).toBe(false);
    expect(auth.has({ role: 'admin', scope: '' })).toBe(true);
    expect(auth.has({ role: 'admin', scope: 'openid' })).toBe(false);
  });

  it('a signed-out auth object has scopes null', async () => {
    expect((await authenticator.authenticateRequest({ headers: {} })).auth.scopes).toBeNull();
  });
});

/**
 * Any OIDC issuer (README "Any OIDC issuer"): access tokens shaped like Auth0's, Okta's and Keycloak's,
 * minted by the test issuer and served from its JWKS, with issuer and audience set as the README says.
 */
describe('Any OIDC issuer: Auth0, Okta and Keycloak access tokens in jwksUrl mode', () => {
  const now = () => Math.floor(Date.now() / 1000);
  const clerkOnly = { sid: undefined, nbf: undefined, azp: undefined, v: undefined };
  const vendors = [
    {
      name: 'Auth0',
      issuer: 'https://dev-abc123.us.auth0.com/',
      audience: 'https://api.example.com',
      options: {},
      header: { cat: undefined, typ: 'JWT' },
      claims: () => ({
        ...clerkOnly,
        iss: 'https://dev-abc123.us.auth0.com/',
        sub: 'auth0|6543a1b2c3d4e5f6a7b8c9d0',
        aud: ['https://api.example.com', 'https://dev-abc123.us.auth0.com/userinfo'],
        azp: 'kR1xVQ2hJ3kL4mN5oP6qR7sT8uV9wX0y',
        scope: 'openid profile read:messages',
        permissions: ['read:messages'],
      }),
      scopes: ['openid', 'profile', 'read:messages'],
    },
    {
      name: 'Okta',
      issuer: 'https://dev-123456.okta.com/oauth2/default',
      audience: 'api://default',
      options: {},
      header: { cat: undefined, typ: undefined },
      claims: () => ({
        ...clerkOnly,
        ver: 1,
        jti: 'AT.hE0IYkPvrdW6Mc2cRbmWUADp2c1DP0tpUXm3b4ql5aM',
        iss: 'https://dev-123456.okta.com/oauth2/default',
        aud: 'api://default',
        cid: '0oa1b2c3d4e5f6g7h8i9',
        uid: '00u1b2c3d4e5f6g7h8i9',
        scp: ['openid', 'email', 'read:messages'],
        auth_time: now() - 60,
        sub: 'alice@example.com',
      }),
      scopes: ['openid', 'email', 'read:messages'],
    },
    {
      name: 'Keycloak',
      issuer: 'https://keycloak.example.com/realms/acme',
      audience: 'orders-api',
      // Keycloak's azp is the client id: the README pins it.
      options: { authorizedParties: ['orders-web'] },
      header: { cat: undefined, typ: 'JWT' },
      claims: () => ({
        ...clerkOnly,
        auth_time: now() - 60,
        jti: 'onrtac:3f1c2b6e-6d0a-4a51-9f2e-1c9a7d0e5b42',
        iss: 'https://keycloak.example.com/realms/acme',
        aud: ['orders-api', 'account'],
        sub: 'f1b2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        typ: 'Bearer',
        azp: 'orders-web',
        sid: '7d8e9f00-1a2b-4c3d-8e4f-5a6b7c8d9e0f',
        acr: '1',
        realm_access: { roles: ['offline_access', 'uma_authorization'] },
        resource_access: { account: { roles: ['manage-account'] } },
        scope: 'openid email profile read:messages',
        email_verified: true,
        preferred_username: 'alice',
      }),
      scopes: ['openid', 'email', 'profile', 'read:messages'],
    },
  ] as const;

  describe.each(vendors)('$name', (vendor) => {
    const mint = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}) =>
      issuer.mintSessionToken({
        userId: 'ignored',
        header: { ...vendor.header, ...header },
        claims: { ...vendor.claims(), ...claims },
      });
    const configured = () =>
      createAuthenticator({
        jwksUrl: issuer.jwksUrl,
        issuer: vendor.issuer,
        audience: vendor.audience,
        ...vendor.options,
      });

    it('signs in with the subject, the scopes and has({ scope })', async () => {
      const state = await configured().authenticateRequest(bearer(await mint()));
      if (!state.auth.isAuthenticated) throw new Error(`signed out: ${state.reason}`);
      expect(state.auth.userId).toBe(vendor.claims().sub);
      expect(state.auth.scopes).toEqual(vendor.scopes);
      expect(state.auth.has({ scope: 'read:messages' })).toBe(true);
      expect(state.auth.has({ scope: 'write:messages' })).toBe(false);
      expect(state.auth.orgId).toBeNull();
    });

    it('refuses a token for another audience, from another issuer, or expired', async () => {
      const authenticator = configured();
      const reason = async (token: string) => (await authenticator.authenticateRequest(bearer(token))).reason;
      expect(await reason(await mint({ aud: 'https://other.example.com' }))).toBe('token-invalid-audience');
      expect(await reason(await mint({ aud: undefined }))).toBe('token-invalid-audience');
      expect(await reason(await mint({ iss: 'https://evil.example.com/' }))).toBe('token-invalid-issuer');
      expect(await reason(await mint({ iat: now() - 7200, exp: now() - 3600 }))).toBe('token-expired');
    });

    it('an RFC 9068 access token (typ at+jwt) is not taken as a session token', async () => {
      const state = await configured().authenticateRequest(bearer(await mint({}, { typ: 'at+jwt' })));
      expect(state.reason).toBe('token-type-mismatch');
    });
  });
});

// signedOutAuthObject keeps one frozen object per reason and message (a bounded table): it must read
// exactly as the plain way, a new object per call, and stay correct past the bound.
describe('signedOutAuthObject: one shared object per kind', () => {
  const data = (auth: object) =>
    Object.fromEntries(Object.entries(auth).filter(([, value]) => typeof value !== 'function'));
  it('the same kind is the same frozen object, with the fields and answers of a plain build', async () => {
    const kept = signedOutAuthObject('token-expired', 'The token expired.');
    const plain = buildSignedOutAuthObject('token-expired', 'The token expired.');
    expect(signedOutAuthObject('token-expired', 'The token expired.')).toBe(kept);
    expect(kept).not.toBe(plain);
    expect(Object.keys(kept)).toEqual(Object.keys(plain));
    expect(data(kept)).toEqual(data(plain));
    expect(kept.has({ role: 'org:admin' })).toBe(plain.has({ role: 'org:admin' }));
    expect(kept.needsReverification()).toBe(plain.needsReverification());
    expect(await kept.getToken()).toBe(await plain.getToken());
    expect(Object.isFrozen(kept)).toBe(true);
    expect(signedOutAuthObject('token-expired', 'Another message.').message).toBe('Another message.');
  });
  it('past the bound, every kind still gets its own reason and message', () => {
    for (let i = 0; i < 600; i++) {
      const auth = signedOutAuthObject('token-invalid', `kid ${i} is unknown`);
      expect(auth.message).toBe(`kid ${i} is unknown`);
      expect(auth.reason).toBe('token-invalid');
    }
  });
});
