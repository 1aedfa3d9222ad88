// Every HTTP scenario of `pnpm bench`, and the request each sends and the body it expects.
// A variant's route: `GET /me` (the session token, answers the user id), `GET /api-key` (the API
// key, answers its subject, the user id) or `GET /user` (the session token; the route awaits
// `req.auth.getUser()` and answers `<user id> <first name>`), `GET /page` (a browser's navigation
// with its signed-in cookie set, SPEC §12; answers the user id) or `GET /api/me` (a browser's
// `fetch` with the same cookies and a stale `__clerk_handshake_nonce`; ours answers the user id).

/**
 * The API-key route (issue 18): ours with the verdict cache, ours without, the Clerk package, and
 * the bare framework with the route's two layers doing nothing (what the framework charges for them).
 */
export const API_KEY_VARIANTS = ['apikey-ours', 'apikey-ours-nocache', 'apikey-clerk', 'apikey-layers'];
/** The lookup-heavy route (issue 20): the in-memory store, Redis, no lookup cache. */
export const LOOKUP_VARIANTS = ['user-memory', 'user-redis', 'user-nocache'];
/**
 * Browser cookies (issue 25): a navigation with a signed-in cookie set (`cookie-…`), and a flood of
 * `fetch` requests carrying the same cookies plus a stale handshake nonce (`nonce-…`); ours with a
 * publishable key (so SPEC §12 applies) and the Clerk package on the same cookies and keys.
 */
export const COOKIE_VARIANTS = ['cookie-ours', 'cookie-clerk'];
export const NONCE_VARIANTS = ['nonce-ours', 'nonce-clerk'];
/**
 * Variants whose answers are recorded (status codes) but not checked: the Clerk package under the
 * stale-nonce flood, which resolves the nonce and, refused, answers a development browser's `fetch`
 * with a 307 (a production one: signed out). What is measured there is its Backend API calls.
 */
export const UNCHECKED_VARIANTS = ['nonce-clerk'];

export const SCENARIOS = [
  ['express', 'bare'],
  ['express', 'jose'],
  ['express', 'ours'],
  ['express', 'ours-nocache'],
  ['express', 'clerk'],
  ['express', 'oauth2'],
  ['fastify', 'bare'],
  ['fastify', 'jose'],
  ['fastify', 'ours'],
  ['fastify', 'ours-nocache'],
  ['fastify', 'clerk'],
  ['hono', 'bare'],
  ['hono', 'jose'],
  ['hono', 'ours'],
  ['hono', 'ours-nocache'],
  ['hono', 'clerk'],
  ['connect', 'bare'],
  ['connect', 'ours'],
  ...API_KEY_VARIANTS.map((variant) => ['express', variant]),
  ...API_KEY_VARIANTS.map((variant) => ['fastify', variant]),
  ...LOOKUP_VARIANTS.map((variant) => ['express', variant]),
  ...[...COOKIE_VARIANTS, ...NONCE_VARIANTS].flatMap((variant) => [
    ['express', variant],
    ['fastify', variant],
  ]),
];

/**
 * The A/B mode (BENCH_BASE): the variants also run against the base revision's packages, as
 * `<variant>-base` beside `<variant>` (same issuer, same fixture, same rounds). Only variants whose
 * options the base revision has; add a variant here to compare it too.
 */
export const AB_VARIANTS = ['ours', 'apikey-ours'];
export const BASE_SUFFIX = '-base';
export const isBase = (variant) => variant.endsWith(BASE_SUFFIX);
/** The variant a base variant measures (`ours-base` -> `ours`). */
export const unbased = (variant) => (isBase(variant) ? variant.slice(0, -BASE_SUFFIX.length) : variant);
/** `scenarios` with each A/B variant's base case right after it, so the two take turns side by side. */
export const withBaseScenarios = (scenarios) =>
  scenarios.flatMap(([fw, v]) =>
    AB_VARIANTS.includes(v)
      ? [
          [fw, v],
          [fw, `${v}${BASE_SUFFIX}`],
        ]
      : [[fw, v]],
  );

/** The adapters whose in-process cost layer.js measures. */
export const LAYER_FRAMEWORKS = ['express', 'connect', 'fastify', 'hono'];
/**
 * layer.js processes: [framework, group]; ours and the Clerk package apart (Connect has none). In the
 * A/B mode, group `ours` also runs from the base revision's packages (its cases named `…-base`).
 */
export const LAYER_PROCESSES = LAYER_FRAMEWORKS.flatMap((framework) =>
  framework === 'connect'
    ? [[framework, 'ours']]
    : [
        [framework, 'ours'],
        [framework, 'clerk'],
      ],
);

/** LAYER_PROCESSES, with a base process (`[framework, 'ours', 'base']`) after each `ours` when `ab`. */
export const layerProcesses = (ab) =>
  LAYER_PROCESSES.flatMap((args) => (ab && args[1] === 'ours' ? [args, [...args, 'base']] : [args]));

export const needsRedis = (variant) => variant === 'user-redis';
export const isChecked = (variant) => !UNCHECKED_VARIANTS.includes(unbased(variant));

/** What a browser sends on a navigation (Chromium's `Accept`) and on a `fetch` (no document). */
export const NAVIGATION_HEADERS = {
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'sec-fetch-dest': 'document',
  'sec-fetch-mode': 'navigate',
};
export const FETCH_HEADERS = { accept: '*/*', 'sec-fetch-dest': 'empty', 'sec-fetch-mode': 'cors' };

/** The route a variant's server answers (see the top of this file). */
export function routeOf(scenarioVariant) {
  const variant = unbased(scenarioVariant);
  if (API_KEY_VARIANTS.includes(variant)) return '/api-key';
  if (LOOKUP_VARIANTS.includes(variant)) return '/user';
  if (COOKIE_VARIANTS.includes(variant)) return '/page';
  if (NONCE_VARIANTS.includes(variant)) return '/api/me';
  return '/me';
}

/**
 * What a scenario's requests carry (`headers`) and the body every response must have (`expectBody`,
 * undefined for an unchecked variant).
 */
export function requestFor(variant, fixture) {
  const path = routeOf(variant);
  const checked = (expectBody) => (isChecked(variant) ? expectBody : undefined);
  if (path === '/api-key') {
    return { path, headers: { authorization: `Bearer ${fixture.apiKey}` }, expectBody: fixture.userId };
  }
  if (path === '/user') {
    return {
      path,
      headers: { authorization: `Bearer ${fixture.token}` },
      expectBody: `${fixture.userId} ${fixture.userFirstName}`,
    };
  }
  if (path === '/page') {
    return {
      path,
      headers: { ...NAVIGATION_HEADERS, cookie: fixture.browserCookies },
      expectBody: fixture.userId,
    };
  }
  if (path === '/api/me') {
    const cookie = `${fixture.browserCookies}; __clerk_handshake_nonce=${fixture.staleNonce}`;
    return { path, headers: { ...FETCH_HEADERS, cookie }, expectBody: checked(fixture.userId) };
  }
  return { path, headers: { authorization: `Bearer ${fixture.token}` }, expectBody: fixture.userId };
}
