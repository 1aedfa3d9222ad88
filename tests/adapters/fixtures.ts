import {
  type Authenticator,
  type AuthOptions,
  createAuthenticator,
  type RequestState,
} from '@sessionguard/core';
import { createTestIssuer, type MintOptions, type TestIssuer } from '@sessionguard/testing';

/** Three issuers: tenant A (default host), tenant B (host b.example), and one whose JWKS is down. */
export interface Fixtures {
  /** `live`: a production instance (SPEC §12), tenant `live.example`; `a` is also `browser.example`. */
  issuers: { a: TestIssuer; b: TestIssuer; outage: TestIssuer; live: TestIssuer };
  /** Named tokens for `{{name}}` placeholders in case headers. */
  tokens: Record<string, string>;
  /** The tenant for a Host header value: what every app's clerkMiddleware function returns. */
  tenantFor(host: string | undefined): AuthOptions | Authenticator;
  close(): Promise<void>;
}

export const SIGN_IN_URL = 'https://a.example/sign-in';
export const EXCLUDED_ROUTES: AuthOptions['excludedRoutes'] = [
  '/health',
  '/assets/*',
  '/static(.*)',
  /^\/metrics$/,
  (path) => path === '/ping',
];

const HOUR = 3600;

function tokenSpecs(now: number): Record<string, { tenant: 'a' | 'b'; mint: MintOptions }> {
  const a = (mint: MintOptions) => ({ tenant: 'a' as const, mint: { expiresInSeconds: HOUR, ...mint } });
  return {
    alice: a({ userId: 'user_alice' }),
    'alice-fresh': a({ userId: 'user_alice', fva: [1, 1] }),
    'alice-stale': a({ userId: 'user_alice', fva: [120, 120] }),
    'alice-mfa-stale': a({ userId: 'user_alice', fva: [1, 30] }),
    admin: a({
      userId: 'user_admin',
      orgId: 'org_1',
      orgRole: 'org:admin',
      orgPermissions: ['org:reports:read'],
      fva: [1, 1],
    }),
    'admin-v1': a({ userId: 'user_admin', orgId: 'org_1', orgRole: 'org:admin', version: 1 }),
    member: a({ userId: 'user_member', orgId: 'org_1', orgRole: 'org:member', fva: [120, 120] }),
    'beta-user': a({ userId: 'user_beta', features: ['u:beta'] }),
    'pro-user': a({ userId: 'user_pro', plans: ['u:pro'] }),
    expired: a({ userId: 'user_alice', issuedAt: now - 2 * HOUR, expiresInSeconds: 60 }),
    'not-yet': a({ userId: 'user_alice', claims: { nbf: now + HOUR } }),
    pending: a({ userId: 'user_alice', status: 'pending' }),
    // Access tokens of other issuers: `scope` (Auth0, Keycloak: space-separated), `scp` (Okta: a list).
    'scope-writer': a({ userId: 'user_alice', claims: { scope: 'openid admin:write' } }),
    'scp-writer': a({ userId: 'user_alice', claims: { scp: ['read', 'admin:write'] } }),
    'scope-reader': a({ userId: 'user_alice', claims: { scope: 'openid admin:read admin:writer' } }),
    'scp-reader': a({ userId: 'user_alice', claims: { scp: ['admin:read'] } }),
    'admin-writer': a({
      userId: 'user_admin',
      orgId: 'org_1',
      orgRole: 'org:admin',
      fva: [1, 1],
      claims: { scope: 'admin:write' },
    }),
    bob: { tenant: 'b', mint: { userId: 'user_bob', expiresInSeconds: HOUR } },
  };
}

/** Machine tokens of tenant A (SPEC §9): every type, opaque and JWT, and API keys that must fail. */
function machineTokens(a: TestIssuer): Record<string, string> {
  const revoked = a.createApiKey({ subject: 'user_machine', name: 'old' });
  a.revokeApiKey(revoked.id);
  return {
    'api-key': a.createApiKey({ subject: 'user_machine', name: 'ci', scopes: ['read'] }).secret,
    'api-key-revoked': revoked.secret,
    'api-key-unknown': `ak_${'5'.repeat(40)}`,
    'api-key-writer': a.createApiKey({
      subject: 'user_machine',
      name: 'deploy',
      scopes: ['read', 'admin:write'],
    }).secret,
    m2m: a.createM2MToken({ machineId: 'mch_worker', scopes: ['read'] }).token,
    'm2m-jwt': a.createM2MToken({ machineId: 'mch_worker', scopes: ['read'], format: 'jwt' }).token,
    oauth: a.createOAuthToken({ userId: 'user_alice', clientId: 'client_app', scopes: ['read'] }).token,
    'm2m-writer': a.createM2MToken({ machineId: 'mch_worker', scopes: ['admin:write'] }).token,
    'oauth-jwt-writer': a.createOAuthToken({
      userId: 'user_alice',
      clientId: 'client_app',
      scopes: ['admin:write'],
      format: 'jwt',
    }).token,
    'oauth-jwt': a.createOAuthToken({
      userId: 'user_alice',
      clientId: 'client_app',
      scopes: ['read'],
      format: 'jwt',
    }).token,
  };
}

/**
 * An authenticator of an app's own (SPEC §2) that refuses the middleware's call for its type and
 * answers a guard's verification (acceptsToken) with a handshake: a guard must never answer a 307.
 */
async function handshakeAtGuard(): Promise<Authenticator> {
  const base = await createAuthenticator({ jwtKey: PLACEHOLDER_KEY }).authenticateRequest({ headers: {} });
  const mismatch: RequestState = { ...base, reason: 'token-type-mismatch', tokenType: 'api_key' };
  const handshake: RequestState = {
    ...base,
    status: 'handshake',
    reason: 'dev-browser-missing',
    headers: { 'x-clerk-auth-status': 'handshake', 'x-clerk-auth-reason': 'dev-browser-missing' },
    location: 'https://clerk.example.com/v1/client/handshake',
    setCookie: ['__clerk_redirect_count=1; Max-Age=2; Path=/; HttpOnly; SameSite=Lax'],
  };
  const own = {
    authenticateRequest: async (_request: unknown, opts?: { acceptsToken?: unknown }) =>
      opts?.acceptsToken === undefined ? mismatch : handshake,
  };
  return own as unknown as Authenticator;
}

/** Any parseable key: the placeholder authenticator verifies nothing. */
const PLACEHOLDER_KEY = `-----BEGIN PUBLIC KEY-----
MCowBQYDK2VwAyEAGb9ECWmEzf6FQbrBZ9w7lshQhqowtrbLDFw4rXAxZuE=
-----END PUBLIC KEY-----`;

/** A handshake JWT as the Frontend API signs it (SPEC §12.5): the directives under `handshake`. */
function handshakeJwt(issuer: TestIssuer, directives: string[]): string {
  return issuer.signJwt({ alg: 'RS256', kid: issuer.currentKid, typ: 'JWT' }, { handshake: directives });
}

/**
 * Browser-session fixtures (SPEC §12): `dev-fapi` (issuer a's Frontend API base), an expired browser
 * cookie set, and handshake JWTs whose directives (`<name>-directive-<n>`) a case expects back.
 */
async function browserTokens(a: TestIssuer, live: TestIssuer, now: number): Promise<Record<string, string>> {
  const tokens: Record<string, string> = {
    'dev-fapi': a.url,
    'browser-expired': a.browserCookies({
      userId: 'user_alice',
      issuedAt: now - 2 * HOUR,
      expiresInSeconds: 60,
    }),
  };
  for (const [name, issuer] of [
    ['dev', a],
    ['live', live],
  ] as const) {
    const session = await issuer.mintSessionToken({
      userId: 'user_alice',
      issuedAt: now - 5,
      expiresInSeconds: HOUR,
    });
    const directives = [
      `__session=${session}; Path=/; SameSite=Lax`,
      `__client_uat=${now - 5}; Path=/; Max-Age=315360000; SameSite=Lax`,
      '__clerk_handshake=; Path=/; Max-Age=0',
    ];
    directives.forEach((directive, index) => {
      tokens[`${name}-directive-${index}`] = directive;
    });
    tokens[`${name}-handshake`] = handshakeJwt(issuer, directives);
  }
  return tokens;
}

/** Flips the signature's first character: a well-formed token whose signature does not verify. */
function tamper(token: string): string {
  const at = token.lastIndexOf('.') + 1;
  return `${token.slice(0, at)}${token[at] === 'A' ? 'B' : 'A'}${token.slice(at + 1)}`;
}

export async function startFixtures(): Promise<Fixtures> {
  const [a, b, outage, live] = await Promise.all([
    createTestIssuer(),
    createTestIssuer(),
    createTestIssuer(),
    createTestIssuer({ instance: 'production' }),
  ]);
  outage.setOutage('error');
  const now = Math.floor(Date.now() / 1000);
  const tokens: Record<string, string> = {};
  for (const [name, spec] of Object.entries(tokenSpecs(now))) {
    tokens[name] = await (spec.tenant === 'a' ? a : b).mintSessionToken(spec.mint);
  }
  tokens.tampered = tamper(tokens.alice);
  Object.assign(tokens, machineTokens(a), await browserTokens(a, live, now));

  // Built once: the same object each time, so the tenant resolver caches one authenticator per tenant.
  // No verdict cache: every machine-token request that is verified costs one call the tests can count.
  const tenantA: AuthOptions = {
    jwksUrl: a.jwksUrl,
    signInUrl: SIGN_IN_URL,
    excludedRoutes: EXCLUDED_ROUTES,
    secretKey: a.secretKey,
    apiUrl: a.url,
    machineTokenCacheTtlInMs: 0,
  };
  // The middleware itself verifies API keys here (SPEC §9.2): no guard needs to.
  const tenantMachines: AuthOptions = { ...tenantA, acceptsToken: ['session_token', 'api_key'] };
  const tenantB: Authenticator = createAuthenticator({ jwksUrl: b.jwksUrl, excludedRoutes: EXCLUDED_ROUTES });
  // Its JWKS and its Backend API are both down.
  // Browser sessions (SPEC §12): a publishable key, development (issuer a) and production (live).
  const tenantBrowser: AuthOptions = {
    publishableKey: a.publishableKey,
    secretKey: a.secretKey,
    apiUrl: a.url,
  };
  const tenantLive: AuthOptions = {
    publishableKey: live.publishableKey,
    secretKey: live.secretKey,
    apiUrl: live.url,
  };
  const guardHandshake = await handshakeAtGuard();
  const tenantOutage: AuthOptions = {
    jwksUrl: outage.jwksUrl,
    jwksTimeoutInMs: 1000,
    secretKey: outage.secretKey,
    apiUrl: outage.url,
    apiTimeoutInMs: 1000,
  };

  return {
    issuers: { a, b, outage, live },
    tokens,
    tenantFor(host) {
      const name = host?.toLowerCase().split(':')[0];
      if (name === 'b.example') return tenantB;
      if (name === 'outage.example') return tenantOutage;
      if (name === 'machines.example') return tenantMachines;
      if (name === 'browser.example') return tenantBrowser;
      if (name === 'guard-handshake.example') return guardHandshake;
      if (name === 'live.example') return tenantLive;
      return tenantA;
    },
    async close() {
      await Promise.all([a.close(), b.close(), outage.close(), live.close()]);
    },
  };
}
