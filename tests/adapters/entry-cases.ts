import { APP_ERROR_STATUS, ENTRY, TENANT_REJECTED } from './app-description.js';
import type { Case, ErrorExpectation, StartupCase } from './harness.js';

// How the middleware is installed (SPEC §6): uncalled factories, tenant functions (sync and async,
// failing and bad), and a second clerkMiddleware. Each app installs the scenarios of ENTRY.

const appError = (expected: ErrorExpectation): Case['expect'] => ({
  status: APP_ERROR_STATUS,
  appError: expected,
});
const notCalled = (factory: string) =>
  appError({
    name: 'FactoryNotCalledError',
    code: 'factory-not-called',
    includes: [`${factory}()`, 'with parentheses'],
  });
const badOptions = appError({ name: 'ConfigurationError', includes: ['jwksUrl'] });
const entry = (auth: Record<string, unknown>, secondTenantCalls = 0): Case['expect'] => ({
  status: 200,
  json: { route: 'entry', auth, secondTenantCalls },
});
const alice = { isAuthenticated: true, userId: 'user_alice', reason: null };

export const entryCases: Case[] = [
  // uncalled factories: the app's error path, naming the call to write; never a hang, never signed in
  {
    name: 'uncalled clerkMiddleware: the error path says to write clerkMiddleware()',
    path: ENTRY.uncalledMiddleware,
    bearer: 'alice',
    expect: notCalled('clerkMiddleware'),
    // On Fastify the plugin is registered, never called: the mistake there is adding it as a hook.
    byAdapter: {
      fastify: appError({
        name: 'PluginNotRegisteredError',
        code: 'plugin-not-registered',
        includes: ['app.register(clerkPlugin, options)'],
      }),
    },
  },
  {
    name: 'uncalled requireAuth: the error path says to write requireAuth()',
    path: ENTRY.uncalledRequireAuth,
    expect: notCalled('requireAuth'),
  },
  {
    name: 'uncalled requireAuth, signed in: still the error path',
    path: ENTRY.uncalledRequireAuth,
    bearer: 'alice',
    expect: notCalled('requireAuth'),
  },
  {
    name: 'uncalled requireReverification: the error path says to write requireReverification()',
    path: ENTRY.uncalledReverification,
    bearer: 'alice-fresh',
    expect: notCalled('requireReverification'),
  },

  // async tenant functions: one cached authenticator per tenant (fresh options objects each time)
  {
    name: 'async tenant: signed in with tenant A',
    path: ENTRY.asyncTenant,
    bearer: 'alice',
    expect: entry(alice),
  },
  {
    name: 'async tenant: again, from the cached authenticator',
    path: ENTRY.asyncTenant,
    bearer: 'alice',
    expect: entry(alice),
  },
  {
    name: 'async tenant: tenant B by host',
    path: ENTRY.asyncTenant,
    host: 'b.example',
    bearer: 'bob',
    expect: entry({ isAuthenticated: true, userId: 'user_bob' }),
  },
  {
    name: "async tenant: tenant A refuses tenant B's token",
    path: ENTRY.asyncTenant,
    bearer: 'bob',
    expect: entry({ isAuthenticated: false, userId: null }),
  },
  {
    name: 'async tenant: a tampered token is signed out',
    path: ENTRY.asyncTenant,
    bearer: 'tampered',
    expect: entry({ isAuthenticated: false, reason: 'token-invalid-signature' }),
  },
  {
    name: 'async tenant: no token, signed out',
    path: ENTRY.asyncTenant,
    expect: entry({ isAuthenticated: false, reason: 'session-token-missing' }),
  },
  {
    name: 'async tenant that rejects: its error reaches the error path',
    path: ENTRY.asyncTenantRejects,
    bearer: 'alice',
    expect: appError({ name: 'Error', code: null, includes: [TENANT_REJECTED] }),
  },

  // bad tenant options from a function: the error path, never a 200
  {
    name: 'tenant function with bad options: ConfigurationError on the error path',
    path: ENTRY.badTenant,
    bearer: 'alice',
    expect: badOptions,
  },
  {
    name: 'async tenant function with bad options: ConfigurationError on the error path',
    path: ENTRY.badAsyncTenant,
    bearer: 'alice',
    expect: badOptions,
  },
  {
    name: 'tenant function that finds no tenant: the error path, not the env defaults',
    path: ENTRY.noTenant,
    bearer: 'alice',
    expect: appError({
      name: 'ConfigurationError',
      code: 'invalid-option',
      includes: ['tenant function', 'returned undefined'],
    }),
  },

  // a second clerkMiddleware (tenant B) after the app-wide one (tenant A) keeps the first result
  {
    name: "second clerkMiddleware: tenant A's result stays, the second one never resolves its tenant",
    path: ENTRY.twice,
    bearer: 'alice',
    expect: entry(alice),
  },
  {
    name: "second clerkMiddleware: tenant B's token stays signed out (A's verdict)",
    path: ENTRY.twice,
    bearer: 'bob',
    expect: entry({ isAuthenticated: false, userId: null }),
  },
  {
    name: 'second clerkMiddleware: no token, the first reason stays',
    path: ENTRY.twice,
    expect: entry({ isAuthenticated: false, reason: 'session-token-missing' }),
  },
];

// Start-up: each app built with options that cannot work fails at once, with the error that says why
// (Fastify: both `await app.register(...)` and `app.ready()` reject; nothing escapes as uncaught).
export const startupCases: StartupCase[] = [
  {
    name: 'jwksUrl not a URL',
    options: { jwksUrl: 'not a url' },
    expect: { name: 'ConfigurationError', includes: ['jwksUrl', 'CLERK_JWKS_URL'] },
  },
  {
    name: 'malformed secret key',
    options: { secretKey: 'nope' },
    expect: { name: 'ConfigurationError', code: 'invalid-secret-key', includes: ['CLERK_SECRET_KEY'] },
  },
  {
    name: 'a string where the options go',
    options: 'sk_test_abc' as unknown as Record<string, unknown>,
    expect: { name: 'ConfigurationError', code: 'invalid-option', includes: ['a string'] },
  },
  {
    name: 'hookName other than onRequest / preHandler',
    options: { hookName: 'preSerialization', jwksUrl: 'https://issuer.example/jwks' },
    only: ['fastify'],
    expect: {
      name: 'ConfigurationError',
      code: 'invalid-option',
      includes: ['hookName', "'onRequest'", "'preHandler'", '"preSerialization"'],
    },
  },
  {
    name: 'hookName not a string',
    options: { hookName: 42, jwksUrl: 'https://issuer.example/jwks' },
    only: ['fastify'],
    expect: { name: 'ConfigurationError', code: 'invalid-option', includes: ['hookName', 'got number'] },
  },
];
