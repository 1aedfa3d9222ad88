// Every HTTP scenario of `pnpm bench`, and the request each sends and the body it expects.
// A variant's route: `GET /me` (the session token, answers the user id), `GET /api-key` (the API
// key, answers its subject, the user id) or `GET /user` (the session token; the route awaits
// `req.auth.getUser()` and answers `<user id> <first name>`).

/** The API-key route (issue 18): ours with the verdict cache, ours without, the Clerk package. */
export const API_KEY_VARIANTS = ['apikey-ours', 'apikey-ours-nocache', 'apikey-clerk'];
/** The lookup-heavy route (issue 20): the in-memory store, Redis, no lookup cache. */
export const LOOKUP_VARIANTS = ['user-memory', 'user-redis', 'user-nocache'];

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
];

/** The adapters whose in-process cost layer.js measures. */
export const LAYER_FRAMEWORKS = ['express', 'connect', 'fastify', 'hono'];
/** layer.js processes: [framework, group]; ours and the Clerk package apart (Connect has none). */
export const LAYER_PROCESSES = LAYER_FRAMEWORKS.flatMap((framework) =>
  framework === 'connect'
    ? [[framework, 'ours']]
    : [
        [framework, 'ours'],
        [framework, 'clerk'],
      ],
);

export const needsRedis = (variant) => variant === 'user-redis';

/** What a scenario's requests carry and the body every response must have. */
export function requestFor(variant, fixture) {
  if (API_KEY_VARIANTS.includes(variant)) {
    return { path: '/api-key', authorization: `Bearer ${fixture.apiKey}`, expectBody: fixture.userId };
  }
  if (LOOKUP_VARIANTS.includes(variant)) {
    return {
      path: '/user',
      authorization: `Bearer ${fixture.token}`,
      expectBody: `${fixture.userId} ${fixture.userFirstName}`,
    };
  }
  return { path: '/me', authorization: `Bearer ${fixture.token}`, expectBody: fixture.userId };
}
