import { SCOPE } from './app-description.js';
import type { Case } from './harness.js';

// Expected responses, written out byte for byte as SPEC §6 states them.
export const JSON_TYPE = 'application/json';
export const unauthenticatedBody = (reason: string) => `{"error":"unauthenticated","reason":"${reason}"}`;
const reverificationBody = (level: string, afterMinutes: number) =>
  `{"clerk_error":{"type":"forbidden","reason":"reverification-error","metadata":{"reverification":{"level":"${level}","afterMinutes":${afterMinutes}}}}}`;
const FORBIDDEN_BODY = '{"error":"forbidden"}';
export const UNAVAILABLE_BODY = '{"error":"auth_unavailable"}';

export const signedOut = (reason: string) => ({
  'x-clerk-auth-status': 'signed-out',
  'x-clerk-auth-reason': reason,
});
export const NO_DEBUG_HEADERS = { 'x-clerk-auth-status': null, 'x-clerk-auth-reason': null };

/** 401 with no token sent: a bare RFC 6750 challenge. */
const missing401: Case['expect'] = {
  status: 401,
  body: unauthenticatedBody('session-token-missing'),
  headers: { 'content-type': JSON_TYPE, 'www-authenticate': 'Bearer', ...signedOut('session-token-missing') },
};
/** 401 for a token that was sent and refused. */
export const invalid401 = (reason: string): Case['expect'] => ({
  status: 401,
  body: unauthenticatedBody(reason),
  headers: {
    'content-type': JSON_TYPE,
    'www-authenticate': `Bearer error="invalid_token", error_description="${reason}"`,
    ...signedOut(reason),
  },
});
const forbidden403: Case['expect'] = {
  status: 403,
  body: FORBIDDEN_BODY,
  headers: {
    'content-type': JSON_TYPE,
    'www-authenticate': 'Bearer error="insufficient_scope"',
    ...NO_DEBUG_HEADERS,
  },
};
/** 403 for a missing scope: the same body as every failed has(), the scope named in the challenge. */
export const scope403 = (scope: string): Case['expect'] => ({
  status: 403,
  body: FORBIDDEN_BODY,
  headers: {
    'content-type': JSON_TYPE,
    'www-authenticate': `Bearer error="insufficient_scope", scope="${scope}"`,
    ...NO_DEBUG_HEADERS,
  },
});
const reverify403 = (level: string, afterMinutes: number): Case['expect'] => ({
  status: 403,
  body: reverificationBody(level, afterMinutes),
  headers: {
    'content-type': JSON_TYPE,
    'www-authenticate': `Bearer error="insufficient_user_authentication", error_description="reverification required", max_age="${afterMinutes * 60}"`,
    ...NO_DEBUG_HEADERS,
  },
});
const unavailable503: Case['expect'] = {
  status: 503,
  body: UNAVAILABLE_BODY,
  headers: { 'content-type': JSON_TYPE, 'retry-after': '5', ...signedOut('jwk-remote-failed-to-load') },
};
export const ok = (route: string, auth: Record<string, unknown>): Case['expect'] => ({
  status: 200,
  json: { route, auth },
});
/** `route` undefined: frameworks differ in which handler serves the path, the auth must not. */
export const okSignedOut = (route: string | undefined, reason: string): Case['expect'] => ({
  status: 200,
  json: { ...(route === undefined ? {} : { route }), auth: { isAuthenticated: false, userId: null, reason } },
  headers: signedOut(reason),
});
export const alice = { isAuthenticated: true, userId: 'user_alice', reason: null };
const hooked = (hook: string): Case['expect'] => ({ status: 418, body: `hook:${hook}` });
const browser = { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.8' };

export const behaviourCases: Case[] = [
  // clerkMiddleware: attaches auth, never answers itself
  {
    name: 'public, no token: signed out',
    path: '/public',
    expect: okSignedOut('public', 'session-token-missing'),
  },
  {
    name: 'public, bearer token: signed in, no debug headers',
    path: '/public',
    bearer: 'alice',
    expect: { ...ok('public', alice), headers: NO_DEBUG_HEADERS },
  },
  {
    name: 'public, __session cookie: signed in',
    path: '/public',
    cookie: 'alice',
    expect: ok('public', alice),
  },
  {
    name: 'public, lower-case bearer scheme',
    path: '/public',
    headers: { authorization: 'bearer {{alice}}' },
    expect: ok('public', alice),
  },
  {
    name: 'public, Authorization without a scheme (Clerk)',
    path: '/public',
    headers: { authorization: '{{alice}}' },
    expect: ok('public', alice),
  },
  {
    name: 'public, Basic scheme falls through to the cookie',
    path: '/public',
    headers: { authorization: 'Basic dXNlcjpwYXNz' },
    cookie: 'alice',
    expect: ok('public', alice),
  },
  {
    name: 'public, an invalid header token wins over a valid cookie',
    path: '/public',
    bearer: 'tampered',
    cookie: 'alice',
    expect: okSignedOut('public', 'token-invalid-signature'),
  },
  {
    name: 'public, expired token',
    path: '/public',
    bearer: 'expired',
    expect: okSignedOut('public', 'token-expired'),
  },
  {
    name: 'public, token not active yet',
    path: '/public',
    bearer: 'not-yet',
    expect: okSignedOut('public', 'token-not-active-yet'),
  },
  {
    name: 'public, pending session',
    path: '/public',
    bearer: 'pending',
    expect: okSignedOut('public', 'session-pending'),
  },
  {
    name: 'public, malformed token',
    path: '/public',
    headers: { authorization: 'Bearer abc.def.ghi' },
    expect: okSignedOut('public', 'token-invalid'),
  },
  {
    name: 'public, token in the query string is ignored',
    path: '/public?__session={{alice}}&token={{alice}}',
    expect: okSignedOut('public', 'session-token-missing'),
  },
  {
    name: 'public, two different __session cookies are ambiguous',
    path: '/public',
    headers: { cookie: '__session={{alice}}; __session={{admin}}' },
    expect: okSignedOut('public', 'token-ambiguous'),
  },

  // requireAuth: 401 / 307
  { name: 'me, no token: 401 with a bare challenge', path: '/me', expect: missing401 },
  { name: 'me, bearer token: 200', path: '/me', bearer: 'alice', expect: ok('me', alice) },
  { name: 'me, cookie token: 200', path: '/me', cookie: 'alice', expect: ok('me', alice) },
  {
    name: 'me, expired token: 401 invalid_token',
    path: '/me',
    bearer: 'expired',
    expect: invalid401('token-expired'),
  },
  {
    name: 'me, bad signature: 401 invalid_token',
    path: '/me',
    bearer: 'tampered',
    expect: invalid401('token-invalid-signature'),
  },
  {
    name: 'me, browser navigation: 307 to the tenant signInUrl',
    path: '/me',
    headers: browser,
    expect: {
      status: 307,
      body: '',
      headers: {
        location: 'https://a.example/sign-in?redirect_url=http%3A%2F%2Fapp.test%2Fme',
        ...signedOut('session-token-missing'),
      },
    },
  },
  {
    name: 'me, browser navigation keeps the query in redirect_url',
    path: '/me?tab=2&x=%20',
    headers: browser,
    expect: {
      status: 307,
      headers: {
        location: 'https://a.example/sign-in?redirect_url=http%3A%2F%2Fapp.test%2Fme%3Ftab%3D2%26x%3D%2520',
      },
    },
  },
  {
    name: 'me, browser navigation with an expired token: 307',
    path: '/me',
    bearer: 'expired',
    headers: browser,
    expect: { status: 307, headers: signedOut('token-expired') },
  },
  {
    name: 'me, browser navigation while signed in: 200',
    path: '/me',
    cookie: 'alice',
    headers: browser,
    expect: ok('me', alice),
  },
  {
    name: 'me, fetch with Accept: application/json: 401, not a redirect',
    path: '/me',
    headers: { accept: 'application/json' },
    expect: missing401,
  },
  {
    name: 'dashboard, per-guard signInUrl wins and keeps its query',
    path: '/dashboard',
    headers: browser,
    expect: {
      status: 307,
      headers: {
        location: 'https://accounts.example/login?from=guard&redirect_url=http%3A%2F%2Fapp.test%2Fdashboard',
      },
    },
  },
  { name: 'dashboard, API client: 401', path: '/dashboard', expect: missing401 },

  // requireAuth({ role | permission | feature | plan }): 403
  {
    name: 'admin, org admin: 200',
    path: '/admin',
    bearer: 'admin',
    expect: ok('admin', { orgRole: 'org:admin' }),
  },
  {
    // The app-wide step-up on /admin/* covers /admin itself (SPEC §7.2). Which 403 comes first for a
    // token failing both the role and the step-up follows each framework's hook order (Fastify runs
    // route config guards in onRequest, before the app-wide preHandler), so those rows ask only 403.
    name: 'admin, v1 claims org admin, no fva: 403 step-up (app-wide /admin/* covers /admin)',
    path: '/admin',
    bearer: 'admin-v1',
    expect: reverify403('second_factor', 10),
  },
  {
    name: 'admin, org member, stale: 403 (role or step-up)',
    path: '/admin',
    bearer: 'member',
    expect: { status: 403 },
  },
  {
    name: 'admin, no organization, no fva: 403 (role or step-up)',
    path: '/admin',
    bearer: 'alice',
    expect: { status: 403 },
  },
  {
    name: 'admin, signed in browser, stale: 403, not 307',
    path: '/admin',
    bearer: 'member',
    headers: browser,
    expect: { status: 403 },
  },
  { name: 'admin, no token: 401', path: '/admin', expect: missing401 },
  { name: 'reports, permission granted: 200', path: '/reports', bearer: 'admin', expect: ok('reports', {}) },
  { name: 'reports, permission missing: 403', path: '/reports', bearer: 'member', expect: forbidden403 },
  {
    name: 'beta, feature granted: 200',
    path: '/beta',
    bearer: 'beta-user',
    expect: ok('beta', { userId: 'user_beta' }),
  },
  { name: 'beta, feature missing: 403', path: '/beta', bearer: 'alice', expect: forbidden403 },
  {
    name: 'pro, plan granted: 200',
    path: '/pro',
    bearer: 'pro-user',
    expect: ok('pro', { userId: 'user_pro' }),
  },
  { name: 'pro, plan missing: 403', path: '/pro', bearer: 'alice', expect: forbidden403 },

  // requireAuth({ scope }) on session tokens (SPEC §5, §6): `scope` (space-separated) or `scp` (a list)
  { name: 'scoped, no token: 401', path: '/scoped', expect: missing401 },
  {
    name: 'scoped, Clerk session token without scope claims: 403 insufficient_scope',
    path: '/scoped',
    bearer: 'alice',
    expect: scope403(SCOPE),
  },
  {
    name: 'scoped, `scope` claim with the scope: 200',
    path: '/scoped',
    bearer: 'scope-writer',
    expect: ok('scoped', alice),
  },
  {
    name: 'scoped, `scp` list with the scope: 200',
    path: '/scoped',
    bearer: 'scp-writer',
    expect: ok('scoped', alice),
  },
  {
    name: 'scoped, `scope` claim with other scopes (one sharing a prefix): 403',
    path: '/scoped',
    bearer: 'scope-reader',
    expect: scope403(SCOPE),
  },
  {
    name: 'scoped, `scp` list without the scope: 403',
    path: '/scoped',
    bearer: 'scp-reader',
    expect: scope403(SCOPE),
  },
  {
    name: 'scoped, browser navigation without the scope: 403, not 307',
    path: '/scoped',
    bearer: 'alice',
    headers: browser,
    expect: scope403(SCOPE),
  },
  {
    name: 'scoped + role, both held: 200',
    path: '/scoped/admin',
    bearer: 'admin-writer',
    expect: ok('scoped-admin', { userId: 'user_admin', orgRole: 'org:admin' }),
  },
  {
    name: 'scoped + role, role held, scope missing: 403 naming the scope',
    path: '/scoped/admin',
    bearer: 'admin',
    expect: scope403(SCOPE),
  },
  {
    name: 'scoped + role, scope held, role missing: 403 naming the scope',
    path: '/scoped/admin',
    bearer: 'scope-writer',
    expect: scope403(SCOPE),
  },
  {
    name: 'scoped, second of two guards, scope missing: 403',
    path: '/scoped/two-guards',
    bearer: 'alice',
    expect: scope403(SCOPE),
  },
  {
    name: 'scoped, second of two guards, scope held: 200',
    path: '/scoped/two-guards',
    bearer: 'scp-writer',
    expect: ok('scoped-two-guards', alice),
  },

  // requireReverification
  {
    name: 'password, fresh factors: 200',
    method: 'POST',
    path: '/settings/password',
    bearer: 'alice-fresh',
    expect: ok('password', alice),
  },
  {
    name: 'password, stale factors: 403 reverification',
    method: 'POST',
    path: '/settings/password',
    bearer: 'alice-stale',
    expect: reverify403('second_factor', 10),
  },
  {
    name: 'password, no fva claim: 403 reverification',
    method: 'POST',
    path: '/settings/password',
    bearer: 'alice',
    expect: reverify403('second_factor', 10),
  },
  { name: 'password, no token: 401', method: 'POST', path: '/settings/password', expect: missing401 },
  {
    name: 'password, expired token: 401',
    method: 'POST',
    path: '/settings/password',
    bearer: 'expired',
    expect: invalid401('token-expired'),
  },
  {
    name: 'mfa, both factors fresh: 200',
    method: 'POST',
    path: '/settings/mfa',
    bearer: 'alice-fresh',
    expect: ok('mfa', alice),
  },
  {
    name: 'mfa, second factor stale: 403 multi_factor',
    method: 'POST',
    path: '/settings/mfa',
    bearer: 'alice-mfa-stale',
    expect: reverify403('multi_factor', 10),
  },
  {
    name: 'custom config, first factor fresh: 200',
    path: '/settings/custom',
    bearer: 'alice-mfa-stale',
    expect: ok('custom', alice),
  },
  {
    name: 'custom config, first factor stale: 403 with max_age 1800',
    path: '/settings/custom',
    bearer: 'alice-stale',
    expect: reverify403('first_factor', 30),
  },

  // requireReverification('strict', { routes: ['/admin/*'] }) app-wide, and path normalization (§7)
  {
    name: 'admin/*, stale: 403',
    path: '/admin/x',
    bearer: 'alice-stale',
    expect: reverify403('second_factor', 10),
  },
  {
    name: 'admin/*, upper case path: 403',
    path: '/ADMIN/x',
    bearer: 'alice-stale',
    expect: reverify403('second_factor', 10),
  },
  {
    name: 'admin/*, repeated slash: 400 path-ambiguous (SPEC §7.1)',
    path: '//admin/x',
    bearer: 'alice-stale',
    expect: { status: 400, body: '{"error":"bad_request","reason":"path-ambiguous"}' },
  },
  {
    name: 'admin/*, trailing slash: 403',
    path: '/admin/x/',
    bearer: 'alice-stale',
    expect: reverify403('second_factor', 10),
  },
  {
    name: 'admin/*, percent-encoded letter: 403',
    path: '/%61dmin/x',
    bearer: 'alice-stale',
    expect: reverify403('second_factor', 10),
  },
  {
    name: 'admin/*, encoded slash: 400 path-ambiguous (SPEC §7.1)',
    path: '/admin%2Fx',
    bearer: 'alice-stale',
    expect: { status: 400, body: '{"error":"bad_request","reason":"path-ambiguous"}' },
  },
  {
    name: 'admin/*, with a query: 403',
    path: '/admin/x?y=1',
    bearer: 'alice-stale',
    expect: reverify403('second_factor', 10),
  },
  { name: 'admin/*, no token: 401', path: '/admin/deep/er', expect: missing401 },
  {
    name: 'admin/*, fresh: reaches the catch-all',
    path: '/Admin/x',
    bearer: 'alice-fresh',
    expect: ok('catch-all', alice),
  },
  {
    name: 'admin/*, does not guard /administrator',
    path: '/administrator',
    bearer: 'alice-stale',
    expect: ok('catch-all', alice),
  },

  // excludedRoutes: no token read
  {
    name: 'health (exact) is excluded',
    path: '/health',
    bearer: 'alice',
    expect: okSignedOut('health', 'route-excluded'),
  },
  {
    name: 'excluded path, case and trailing slash',
    path: '/HEALTH/',
    bearer: 'alice',
    expect: okSignedOut(undefined, 'route-excluded'),
  },
  {
    name: 'excluded glob /assets/*',
    path: '/assets/js/app.js',
    bearer: 'alice',
    expect: okSignedOut('catch-all', 'route-excluded'),
  },
  {
    name: 'excluded Clerk-style /static(.*)',
    path: '/static/logo.svg',
    bearer: 'alice',
    expect: okSignedOut('catch-all', 'route-excluded'),
  },
  {
    name: 'excluded RegExp',
    path: '/metrics',
    bearer: 'alice',
    expect: okSignedOut('catch-all', 'route-excluded'),
  },
  {
    name: 'excluded function',
    path: '/ping',
    bearer: 'alice',
    expect: okSignedOut('catch-all', 'route-excluded'),
  },
  { name: 'not excluded: /healthz', path: '/healthz', bearer: 'alice', expect: ok('catch-all', alice) },

  // hooks replace the default response
  { name: 'hook onUnauthenticated', path: '/hooked', expect: hooked('onUnauthenticated') },
  { name: 'hook onForbidden', path: '/hooked', bearer: 'member', expect: hooked('onForbidden') },
  {
    name: 'hooked guard allows: 200',
    path: '/hooked',
    bearer: 'admin',
    expect: ok('hooked', { userId: 'user_admin' }),
  },
  {
    name: 'hook onNeedsReverification',
    method: 'POST',
    path: '/hooked/password',
    bearer: 'alice-stale',
    expect: hooked('onNeedsReverification'),
  },
  {
    name: 'reverification hook onUnauthenticated',
    method: 'POST',
    path: '/hooked/password',
    expect: hooked('onUnauthenticated'),
  },
  {
    name: 'hook onUnauthenticated also for 503',
    path: '/hooked',
    host: 'outage.example',
    bearer: 'alice',
    expect: hooked('onUnauthenticated'),
  },

  // multi-tenant by Host (function form of clerkMiddleware)
  {
    name: 'tenant A token on host a.example: 200',
    path: '/me',
    host: 'a.example',
    bearer: 'alice',
    expect: ok('me', alice),
  },
  {
    name: 'tenant A token on host b.example: 401',
    path: '/me',
    host: 'b.example',
    bearer: 'alice',
    expect: invalid401('jwk-kid-mismatch'),
  },
  {
    name: 'tenant B token on host b.example: 200',
    path: '/me',
    host: 'b.example',
    bearer: 'bob',
    expect: ok('me', { userId: 'user_bob' }),
  },
  {
    name: 'tenant B token on host a.example: 401',
    path: '/me',
    host: 'a.example:8080',
    bearer: 'bob',
    expect: invalid401('jwk-kid-mismatch'),
  },

  // key set unavailable
  {
    name: 'outage, guarded: 503 with Retry-After',
    path: '/me',
    host: 'outage.example',
    bearer: 'alice',
    expect: unavailable503,
  },
  {
    name: 'outage, reverification guard: 503',
    method: 'POST',
    path: '/settings/password',
    host: 'outage.example',
    bearer: 'alice',
    expect: unavailable503,
  },
  {
    name: 'outage, public: signed out',
    path: '/public',
    host: 'outage.example',
    bearer: 'alice',
    expect: okSignedOut('public', 'jwk-remote-failed-to-load'),
  },
  {
    name: 'outage, no token: 401 (nothing to check)',
    path: '/me',
    host: 'outage.example',
    expect: missing401,
  },

  // bodies survive the middleware
  {
    name: 'echo, JSON body reaches the handler, signed in',
    method: 'POST',
    path: '/echo',
    bearer: 'alice',
    headers: { 'content-type': 'application/json' },
    body: '{"name":"Ada","tags":["a","b"],"n":1.5}',
    expect: {
      status: 200,
      json: { route: 'echo', auth: alice, body: { name: 'Ada', tags: ['a', 'b'], n: 1.5 } },
    },
  },
  {
    name: 'echo, JSON body reaches the handler, signed out',
    method: 'POST',
    path: '/echo',
    headers: { 'content-type': 'application/json' },
    body: '{"ok":true}',
    expect: { status: 200, json: { route: 'echo', auth: { isAuthenticated: false }, body: { ok: true } } },
  },
  {
    name: 'echo, a token in the body is never read',
    method: 'POST',
    path: '/echo',
    headers: { 'content-type': 'application/json' },
    body: '{"__session":"{{alice}}","token":"{{alice}}"}',
    expect: { status: 200, json: { auth: { reason: 'session-token-missing' } } },
  },
  // SPEC §7.1: a path routers could read two ways is answered 400 before any route or exclusion,
  // whatever the method and whether or not a token is sent (tests/bypass/ tries them on raw sockets).
  ...(
    [
      ['GET', '/admin%2Fx', 'alice-fresh'],
      ['GET', '/health%2F..%2Fme', undefined],
      ['GET', '/assets/%5C..%5Cme', undefined],
      ['GET', '/me%252F', 'alice'],
      ['POST', '/settings/password%0A', 'alice-fresh'],
      ['OPTIONS', '/me%00', undefined],
      ['GET', '/static/x%E2%80%A8', undefined],
      ['GET', '/admin/%E2%84%AAey', 'admin'],
      ['POST', '/settings/%C5%BFecret', 'alice-fresh'],
      ['GET', '/assets//me', undefined],
    ] as const
  ).map(
    ([method, path, bearer]): Case => ({
      name: `${method} ${path}: 400 path-ambiguous`,
      method,
      path,
      ...(bearer === undefined ? {} : { bearer }),
      expect: {
        status: 400,
        body: '{"error":"bad_request","reason":"path-ambiguous"}',
        headers: { 'content-type': JSON_TYPE },
      },
    }),
  ),
  // Bad percent-encoding: Fastify answers its own 400 (FST_ERR_BAD_URL) before any hook runs.
  { name: 'GET /me%C0%AF: 400', path: '/me%C0%AF', bearer: 'alice', expect: { status: 400 } },
  { name: 'GET /me%: 400', path: '/me%', bearer: 'alice', expect: { status: 400 } },
  {
    name: 'HEAD with an encoded slash: 400 path-ambiguous',
    method: 'HEAD',
    path: '/admin%2Fx',
    expect: { status: 400, headers: { 'content-type': JSON_TYPE } },
  },
];
