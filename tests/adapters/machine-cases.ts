import { SCOPE } from './app-description.js';
import {
  invalid401,
  JSON_TYPE,
  NO_DEBUG_HEADERS,
  ok,
  okSignedOut,
  scope403,
  signedOut,
  UNAVAILABLE_BODY,
  unauthenticatedBody,
} from './cases.js';
import type { Case } from './harness.js';

// Machine tokens on every adapter (SPEC §6, §9): tenant A's middleware verifies session tokens only,
// its guards verify the machine types they accept; host machines.example verifies API keys in the
// middleware; outage.example has its Backend API down. Fixture tokens: fixtures.ts, machineTokens.

const apiKey = { tokenType: 'api_key', isAuthenticated: true, subject: 'user_machine', scopes: ['read'] };
const m2m = { tokenType: 'm2m_token', isAuthenticated: true, subject: 'mch_worker', scopes: ['read'] };
const oauth = { tokenType: 'oauth_token', isAuthenticated: true, subject: 'user_alice', scopes: ['read'] };
/** The session view of a request signed in with a machine token: signed out (Clerk). */
const sessionViewOfMachine = { isAuthenticated: false, userId: null, reason: 'token-type-mismatch' };

/** 200 with the machine auth attached, and no signed-out debug header left from the middleware. */
const okMachine = (route: string, accepted: Record<string, unknown>): Case['expect'] => ({
  status: 200,
  json: { route, auth: sessionViewOfMachine, accepted },
  headers: NO_DEBUG_HEADERS,
});

/** A token that verified, on a route that does not accept its type: the state is signed in, no debug headers. */
const signedInMismatch: Case['expect'] = {
  status: 401,
  body: unauthenticatedBody('token-type-mismatch'),
  headers: {
    'content-type': JSON_TYPE,
    'www-authenticate': 'Bearer error="invalid_token", error_description="token-type-mismatch"',
    ...NO_DEBUG_HEADERS,
  },
};

const backendApiDown: Case['expect'] = {
  status: 503,
  body: UNAVAILABLE_BODY,
  headers: {
    'content-type': JSON_TYPE,
    'retry-after': '5',
    ...signedOut('token-verification-unavailable'),
  },
};

export const machineCases: Case[] = [
  // accepted by the guard, verified by it
  {
    name: 'machine: API key on an API-key route: 200',
    path: '/machine/api-key',
    bearer: 'api-key',
    expect: okMachine('api-key', apiKey),
  },
  {
    name: 'machine: opaque M2M token on an M2M route: 200',
    path: '/machine/m2m',
    bearer: 'm2m',
    expect: okMachine('m2m', m2m),
  },
  {
    name: 'machine: M2M JWT on an M2M route: 200',
    path: '/machine/m2m',
    bearer: 'm2m-jwt',
    expect: okMachine('m2m', m2m),
  },
  {
    name: 'machine: opaque OAuth token on an OAuth route: 200',
    path: '/machine/oauth',
    bearer: 'oauth',
    expect: okMachine('oauth', oauth),
  },
  {
    name: 'machine: OAuth JWT on an OAuth route: 200',
    path: '/machine/oauth',
    bearer: 'oauth-jwt',
    expect: okMachine('oauth', oauth),
  },
  {
    name: "machine: API key on an 'any' route: 200",
    path: '/machine/any',
    bearer: 'api-key',
    expect: okMachine('any', apiKey),
  },
  {
    name: 'machine: M2M JWT on an any route: 200',
    path: '/machine/any',
    bearer: 'm2m-jwt',
    expect: okMachine('any', m2m),
  },
  {
    name: "machine: session token on an 'any' route: 200",
    path: '/machine/any',
    bearer: 'alice',
    expect: { ...ok('any', { isAuthenticated: true, userId: 'user_alice' }), headers: NO_DEBUG_HEADERS },
  },
  {
    name: 'machine: session token on a session-or-API-key route: 200',
    path: '/machine/session-or-api-key',
    bearer: 'alice',
    expect: ok('session-or-api-key', { isAuthenticated: true, userId: 'user_alice' }),
  },
  {
    name: 'machine: API key on a session-or-API-key route: 200',
    path: '/machine/session-or-api-key',
    bearer: 'api-key',
    expect: okMachine('session-or-api-key', apiKey),
  },
  {
    name: 'machine: two guards on one route: 200',
    path: '/machine/two-guards',
    bearer: 'api-key',
    expect: okMachine('two-guards', apiKey),
  },

  // not accepted: refused for its type, nothing verified
  {
    name: 'machine: API key on a session route: 401 token-type-mismatch',
    path: '/me',
    bearer: 'api-key',
    expect: invalid401('token-type-mismatch'),
  },
  {
    name: 'machine: M2M token on an API-key route: 401 token-type-mismatch',
    path: '/machine/api-key',
    bearer: 'm2m',
    expect: invalid401('token-type-mismatch'),
  },
  {
    name: 'machine: OAuth JWT on an M2M route: 401 token-type-mismatch',
    path: '/machine/m2m',
    bearer: 'oauth-jwt',
    expect: invalid401('token-type-mismatch'),
  },
  {
    name: 'machine: session token on an API-key route: 401 token-type-mismatch',
    path: '/machine/api-key',
    bearer: 'alice',
    expect: signedInMismatch,
  },
  {
    name: 'machine: API key on a reverification route: 401 token-type-mismatch',
    method: 'POST',
    path: '/settings/password',
    bearer: 'api-key',
    expect: invalid401('token-type-mismatch'),
  },
  {
    name: 'machine: API key in the __session cookie on an API-key route: 401 token-type-mismatch',
    path: '/machine/api-key',
    cookie: 'api-key',
    expect: invalid401('token-type-mismatch'),
  },
  {
    name: 'machine: API key on a public route: the session view is signed out',
    path: '/public',
    bearer: 'api-key',
    expect: okSignedOut('public', 'token-type-mismatch'),
  },

  // accepted but not good
  {
    name: 'machine: revoked API key: 401 token-invalid',
    path: '/machine/api-key',
    bearer: 'api-key-revoked',
    expect: invalid401('token-invalid'),
  },
  {
    name: 'machine: unknown API key: 401 token-invalid',
    path: '/machine/api-key',
    bearer: 'api-key-unknown',
    expect: invalid401('token-invalid'),
  },
  {
    name: 'machine: an API key that is no opaque key: 401 token-invalid',
    path: '/machine/api-key',
    headers: { authorization: 'Bearer ak_' },
    expect: { status: 401, body: unauthenticatedBody('token-invalid') },
  },

  // scopes
  {
    name: 'machine: scope present: 200',
    path: '/machine/api-key/read',
    bearer: 'api-key',
    expect: okMachine('api-key-read', apiKey),
  },
  {
    name: 'machine: scope missing: 403 insufficient_scope',
    path: '/machine/api-key/write',
    bearer: 'api-key',
    expect: scope403('write'),
  },
  // requireAuth({ acceptsToken: 'any', scope }): every type must carry the scope (SPEC §5, §6)
  ...(
    [
      ['api-key', 'api-key-writer', { ...apiKey, scopes: ['read', SCOPE] }],
      ['m2m', 'm2m-writer', { ...m2m, scopes: [SCOPE] }],
      ['m2m-jwt', undefined, undefined],
      ['oauth', undefined, undefined],
      ['oauth-jwt', 'oauth-jwt-writer', { ...oauth, scopes: [SCOPE] }],
    ] as const
  ).flatMap(([without, withScope, accepted]): Case[] => [
    {
      name: `machine: ${without} without the scope on a scoped 'any' route: 403 insufficient_scope`,
      path: '/scoped/any',
      bearer: without,
      expect: scope403(SCOPE),
    },
    ...(withScope === undefined
      ? []
      : [
          {
            name: `machine: ${withScope} with the scope on a scoped 'any' route: 200`,
            path: '/scoped/any',
            bearer: withScope,
            expect: okMachine('scoped-any', accepted),
          },
        ]),
  ]),
  {
    name: "machine: Clerk session token on a scoped 'any' route: 403 insufficient_scope",
    path: '/scoped/any',
    bearer: 'alice',
    expect: scope403(SCOPE),
  },
  {
    name: "machine: session token with the scope on a scoped 'any' route: 200",
    path: '/scoped/any',
    bearer: 'scope-writer',
    expect: {
      ...ok('scoped-any', { isAuthenticated: true, userId: 'user_alice' }),
      headers: NO_DEBUG_HEADERS,
    },
  },
  {
    name: 'machine: API key with the scope on a scoped session route: 401 token-type-mismatch',
    path: '/scoped',
    bearer: 'api-key-writer',
    expect: invalid401('token-type-mismatch'),
  },

  // the middleware accepts API keys itself
  {
    name: 'machine: middleware acceptsToken api_key, public route: the API key is attached',
    path: '/public',
    host: 'machines.example',
    bearer: 'api-key',
    expect: okMachine('public', apiKey),
  },
  {
    name: 'machine: middleware acceptsToken api_key, API-key route: 200',
    path: '/machine/api-key',
    host: 'machines.example',
    bearer: 'api-key',
    expect: okMachine('api-key', apiKey),
  },
  {
    name: 'machine: middleware acceptsToken api_key, session route: 401 token-type-mismatch',
    path: '/me',
    host: 'machines.example',
    bearer: 'api-key',
    expect: signedInMismatch,
  },

  // Backend API down
  {
    name: 'machine: Backend API down, API-key route: 503 with Retry-After',
    path: '/machine/api-key',
    host: 'outage.example',
    bearer: 'api-key',
    expect: backendApiDown,
  },
  {
    name: 'machine: Backend API down, session route: 401 token-type-mismatch (no call)',
    path: '/me',
    host: 'outage.example',
    bearer: 'api-key',
    expect: invalid401('token-type-mismatch'),
  },
];
