import {
  AB_VARIANTS,
  API_KEY_VARIANTS,
  BASE_SUFFIX,
  COOKIE_VARIANTS,
  isChecked,
  LAYER_FRAMEWORKS,
  LOOKUP_VARIANTS,
  NONCE_VARIANTS,
  routeOf,
  SCENARIOS,
} from './scenarios.js';
import {
  fmtInt,
  fmtNum,
  fmtRatio,
  fmtSpread,
  pairedDifference,
  pairedFraction,
  pairedRatio,
  pairedRounds,
  ratio,
} from './stats.js';

const FRAMEWORKS = ['express', 'fastify', 'hono', 'connect'];
const VARIANT_LABEL = {
  bare: 'bare framework',
  jose: 'hand-written jose middleware',
  ours: 'sessionguard, repeated token',
  'ours-nocache': 'sessionguard, `tokenCache: false`',
  clerk: 'Clerk package',
  oauth2: 'express-oauth2-jwt-bearer',
  'apikey-ours': 'sessionguard, verdict cache on (default 10 s)',
  'apikey-ours-nocache': 'sessionguard, `machineTokenCacheTtlInMs: 0`',
  'apikey-clerk': 'Clerk package',
  'apikey-layers': "bare framework with the route's two layers, empty (no auth)",
  'user-memory': 'sessionguard, in-memory lookup cache (default)',
  'user-redis': 'sessionguard, `cacheStore: createRedisStore(node-redis client)`',
  'user-nocache': 'sessionguard, no lookup cache (`lookupCacheTtlInMs: 0`)',
  'cookie-ours': 'sessionguard, navigation with browser cookies',
  'cookie-clerk': 'Clerk package, navigation with browser cookies',
  'nonce-ours': 'sessionguard, `fetch` with a stale handshake nonce',
  'nonce-clerk': 'Clerk package, `fetch` with a stale handshake nonce',
};
const CLERK_PACKAGE = { express: '@clerk/express', fastify: '@clerk/fastify', hono: '@clerk/hono' };
const MICRO_ORDER = [
  'sessionguard verifyToken, first sight',
  'sessionguard verifyToken, first sight, cache off',
  'sessionguard verifyToken, repeated token',
  'sessionguard authenticateRequest, repeated token',
  'node:crypto verify (signature only)',
  'node:crypto verify, a new token each call',
  'jose jwtVerify, cached key',
  'fast-jwt, no cache',
  'fast-jwt, with cache',
  '@clerk/backend verifyToken (jwtKey)',
];

const mb = (bytes) => `${fmtNum(bytes / 1024 / 1024, 1)} MB`;

/** A ratio target: judged on the paired ratio, shown with the ratio of the medians beside it. */
function ratioTarget(label, a, b, goal) {
  const paired = pairedRatio(a, b);
  const ofMedians = ratio(a?.median, b?.median);
  const verdict = Number.isFinite(paired) ? (paired >= goal ? 'met' : '**missed**') : 'not run';
  return `| ${label} | ${fmtRatio(paired)} | ${fmtRatio(ofMedians)} | ≥ ${goal}× | ${verdict} |`;
}

/** A paired ratio shown for reference beside the targets: it has no goal of its own. */
function ratioReference(label, a, b, note) {
  return `| ${label} | ${fmtRatio(pairedRatio(a, b))} | ${fmtRatio(ratio(a?.median, b?.median))} | | ${note} |`;
}

/** An upper-bound target on a figure already paired by round (µs, a fraction). */
function atMostTarget(label, value, goal, fmt) {
  const run = Number.isFinite(value) && Number.isFinite(goal);
  const verdict = run ? (value <= goal ? 'met' : '**missed**') : 'not run';
  return `| ${label} | ${Number.isFinite(value) ? fmt(value) : '–'} | | ${Number.isFinite(goal) ? `≤ ${fmt(goal)}` : '–'} | ${verdict} |`;
}
const fmtMicros = (us) => `${fmtNum(us, 2)} µs`;
/** The API-key route, ours ÷ the bare framework answering the same body with no auth (issue 24). */
const API_KEY_VS_BARE_GOAL = { express: 0.9, fastify: 0.85 };

/** One plain row of a framework's in-process µs (no goal: the ratio rows beside it are judged). */
function inProcessFigures(fw, layer) {
  const us = (value) => (Number.isFinite(value) ? fmtNum(value, 2) : '–');
  const clerk = layer.hasClerk ? ` / ${us(layer.clerkOverBare)}` : '';
  const named = layer.hasClerk ? `, ${CLERK_PACKAGE[fw]} over bare` : '';
  return `| in process, ${fw}: ours over empty middleware, ours over bare${named} (µs) | ${us(layer.oursOverEmpty)} / ${us(layer.overBare('ours'))}${clerk} | | | figures |`;
}
const signed = (us) => `${us >= 0 ? '+' : '−'}${fmtNum(Math.abs(us), 2)}`;
const fmtFraction = (f) => fmtNum(f, 4);

/**
 * At most one Backend API call per key per TTL: over a span of S ms of measured turns, a cache that
 * keeps a verdict TTL ms can miss at most floor(S / TTL) + 1 times (one key).
 */
function callsPerTtlTarget(label, h, ttlInMs) {
  if (!h) return `| ${label} | – | | | not run |`;
  const allowed = Math.floor(h.spanMs / ttlInMs) + 1;
  const verdict = h.backendCalls <= allowed ? 'met' : '**missed**';
  return `| ${label} | ${fmtInt(h.backendCalls)} call${h.backendCalls === 1 ? '' : 's'} in ${fmtNum(h.spanMs / 1000, 0)} s | | ≤ ${fmtInt(allowed)} (1 per ${fmtNum(ttlInMs / 1000, 0)} s TTL, 1 key) | ${verdict} |`;
}

const callsPerThousand = (h) => (h.served > 0 ? (1000 * h.backendCalls) / h.served : Number.NaN);

/**
 * In-process figures of one framework (layer.js): µs per request by variant, paired by round.
 * `suffix` picks the A/B's base cases (`-base`: the same cases, the base revision's packages).
 */
function layerFigures(r, fw, suffix = '') {
  const of = (v) => r.layer?.[`${fw}:${v}${suffix}`];
  const clerk = r.layer?.[`${fw}:clerk`];
  // The Clerk package runs in a process of its own, over a bare app of its own (layer.js).
  const clerkBare = r.layer?.[`${fw}:bare-beside-clerk`];
  return {
    bare: of('bare'),
    ours: of('ours'),
    overBare: (v) => pairedDifference(of(v), of('bare')),
    // Over the empty middleware: takes out what the framework charges for any layer.
    oursOverEmpty: pairedDifference(of('ours'), of('empty')),
    oursOverEmptyRounds: pairedRounds((o, e) => o - e, of('ours'), of('empty')),
    clerkOverBare: pairedDifference(clerk, clerkBare),
    shareOfClerk: pairedFraction(of('ours'), of('empty'), clerk, clerkBare),
    // The browser-cookie path over the Bearer path, one adapter with the same options (SPEC §12 on).
    cookieOverBearer: pairedDifference(of('ours-cookie'), of('ours-pk')),
    of,
    has: (v) => of(v) !== undefined,
    hasClerk: clerk !== undefined,
  };
}

function memoryTarget(label, megabytes, goal) {
  return `| ${label} | ${fmtNum(megabytes, 1)} MB | | ≤ ${goal} MB | ${megabytes <= goal ? 'met' : '**missed**'} |`;
}

/** Rows of one route's scenarios: req/s, p99, server CPU, Backend API calls per 1,000 requests. */
function routeRows(r, fw, variants, versus) {
  const rows = [];
  for (const v of variants) {
    const h = r.http[`${fw}:${v}`];
    if (!h) continue;
    const label = v === 'apikey-clerk' ? `${VARIANT_LABEL[v]} (${CLERK_PACKAGE[fw]})` : VARIANT_LABEL[v];
    rows.push(
      `| ${fw} | ${label} | ${fmtSpread(h.reqPerSec)} | ${fmtSpread(h.p99Ms, (n) => fmtNum(n, 0))} | ` +
        `${fmtSpread(h.cpuMicrosPerReq, (n) => fmtNum(n, 1))} | ${fmtNum(callsPerThousand(h), 1)} | ${fmtInt(h.backendCalls)} | ` +
        `${fmtRatio(pairedRatio(h.reqPerSec, r.http[`${fw}:${versus}`]?.reqPerSec))} |`,
    );
  }
  return rows;
}

const ROUTE_HEADER = (versus) => [
  `| framework | scenario | req/s | p99 ms | server CPU µs/req | Backend API calls per 1,000 requests | calls in measured turns | × ${versus} |`,
  '|---|---|---:|---:|---:|---:|---:|---:|',
];

/** The in-process cost of the cookie path over the Bearer path, ours (issue 25): at most this, µs. */
const COOKIE_OVER_BEARER_GOAL_US = 2;

/**
 * The browser-cookie targets (issue 25): req/s of the navigation, ours ÷ the Clerk package (a
 * figure); the cookie path's in-process cost over the Bearer path (≤ 2 µs); and the Backend API calls
 * under the stale-nonce flood (ours: none; Clerk's a figure).
 */
function browserTargets(r) {
  const lines = [];
  const http = (fw, v) => r.http[`${fw}:${v}`];
  for (const fw of ['express', 'fastify']) {
    if (!COOKIE_VARIANTS.some((v) => http(fw, v))) continue;
    lines.push(
      ratioReference(
        `${fw}: navigation with browser cookies, ours vs ${CLERK_PACKAGE[fw]}`,
        http(fw, 'cookie-ours')?.reqPerSec,
        http(fw, 'cookie-clerk')?.reqPerSec,
        'figure',
      ),
      ratioReference(
        `${fw}: navigation with browser cookies vs the Bearer route, ours`,
        http(fw, 'cookie-ours')?.reqPerSec,
        http(fw, 'ours')?.reqPerSec,
        'figure',
      ),
    );
  }
  for (const fw of LAYER_FRAMEWORKS) {
    const layer = layerFigures(r, fw);
    if (!layer.has('ours-cookie')) continue;
    lines.push(
      atMostTarget(
        `in process, ${fw}: cookie path over Bearer path, ours (µs)`,
        layer.cookieOverBearer,
        COOKIE_OVER_BEARER_GOAL_US,
        fmtMicros,
      ),
    );
  }
  for (const fw of ['express', 'fastify']) {
    const ours = http(fw, 'nonce-ours');
    const clerk = http(fw, 'nonce-clerk');
    if (ours) {
      const verdict = ours.backendCalls === 0 ? 'met' : '**missed**';
      lines.push(
        `| ${fw}: stale-nonce flood, ours: Backend API calls | ${fmtInt(ours.backendCalls)} in ${fmtInt(ours.served)} requests | | 0 | ${verdict} |`,
      );
    }
    if (clerk) {
      lines.push(
        `| ${fw}: stale-nonce flood, ${CLERK_PACKAGE[fw]}: Backend API calls | ${fmtInt(clerk.backendCalls)} in ${fmtInt(clerk.served)} requests | | | figure |`,
      );
    }
  }
  return lines;
}

/** `307: 4,812, 200: 3` */
const fmtStatuses = (statuses) =>
  Object.entries(statuses ?? {})
    .sort(([, a], [, b]) => b - a)
    .map(([code, count]) => `${code}: ${fmtInt(count)}`)
    .join(', ') || '–';

function browserSection(r) {
  const rows = [];
  for (const fw of ['express', 'fastify']) {
    for (const v of [...COOKIE_VARIANTS, ...NONCE_VARIANTS]) {
      const h = r.http[`${fw}:${v}`];
      if (!h) continue;
      const label = v.endsWith('-clerk') ? `${VARIANT_LABEL[v]} (${CLERK_PACKAGE[fw]})` : VARIANT_LABEL[v];
      rows.push(
        `| ${fw} | ${label} | \`GET ${routeOf(v)}\` | ${fmtSpread(h.reqPerSec)} | ${fmtSpread(h.p99Ms, (n) => fmtNum(n, 0))} | ` +
          `${fmtSpread(h.cpuMicrosPerReq, (n) => fmtNum(n, 1))} | ${fmtNum(callsPerThousand(h), 1)} | ${fmtInt(h.backendCalls)} | ${fmtStatuses(h.statuses)} |`,
      );
    }
  }
  if (rows.length === 0) return [];
  return [
    '## HTTP: browser cookies (SPEC §12)',
    '',
    "One signed-in browser of the test issuer's development instance (`browserCookies`: `__session` living three hours, `__client_uat`, `__clerk_db_jwt`). " +
      'Ours and the Clerk package get the same options: the publishable key of that instance (so §12 applies), its secret key and Backend API (`apiUrl`) and the PEM (`jwtKey`, no JWKS fetch). ' +
      "`GET /page` is a navigation (Chromium's `Accept: text/html,…`, `Sec-Fetch-Dest: document`), every answer checked (200 and the user id). " +
      '`GET /api/me` is a `fetch` (`Accept: */*`, `Sec-Fetch-Dest: empty`) with the same cookies and a stale `__clerk_handshake_nonce` cookie (a nonce the issuer refuses, as a spent or expired one): ' +
      "ours ignores handshake cookies on a request that is not a navigation (SPEC §12.3 step 1, ours) and its answers are checked (200 and the user id); the Clerk package resolves the nonce with a Backend API call on every request, and its answers are only counted by status (not checked: it sends a development browser's `fetch` a 307). " +
      'Backend API calls are per 1,000 requests served (the issuer counts every call, the payload endpoint included); under the flood the servers count every request they receive, a route run or not.',
    '',
    '| framework | scenario | route | req/s | p99 ms | server CPU µs/req | Backend API calls per 1,000 requests | calls in measured turns | answers (status: count) |',
    '|---|---|---|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
  ];
}

function apiKeySection(r) {
  const rows = ['express', 'fastify'].flatMap((fw) => routeRows(r, fw, API_KEY_VARIANTS, 'apikey-clerk'));
  if (rows.length === 0) return [];
  return [
    '## HTTP: API-key route (`GET /api-key`, `Authorization: Bearer ak_…`)',
    '',
    "One API key of the test issuer (its own process, on the load generator's CPU), verified by its `POST /api_keys/verify`. " +
      "Ours: the middleware stays on session tokens, the route's `requireAuth({ acceptsToken: 'api_key' })` verifies the key (lazily, once per request) and the route reads `getAuth(req, { acceptsToken: 'api_key' })` " +
      '(verdict cache on, the default TTL, or `machineTokenCacheTtlInMs: 0`; single flight stays on). ' +
      "Clerk: `clerkMiddleware` / `clerkPlugin` with `apiUrl`, `secretKey` and `jwtKey`, the route reading `getAuth(req, { acceptsToken: 'api_key' })`. " +
      "Every response is a 200 with the key's subject (the user id). Calls are the issuer's counters read before and after each measured turn.",
    '',
    ...ROUTE_HEADER('Clerk'),
    ...rows,
    '',
  ];
}

function lookupSection(r) {
  const rows = routeRows(r, 'express', LOOKUP_VARIANTS, 'user-nocache');
  const skipped = (r.skipped ?? []).filter((line) => line.includes('user-redis'));
  if (rows.length === 0 && skipped.length === 0) return [];
  return [
    '## HTTP: lookup-heavy route (`GET /user`, `await req.auth.getUser()`)',
    '',
    'Express, the repeated session token of a user that exists on the test issuer; the route answers `<user id> <first name>` from `GET /v1/users/{id}`. ' +
      "The lookup cache (60 s): in memory (the default store), in a real `redis-server` on 127.0.0.1 (`createRedisStore` over the official `redis` client; persistence off; on the load generator's CPU), " +
      'or off (`lookupCacheTtlInMs: 0`: nothing is kept, but concurrent lookups of one user still share one call, so the calls per 1,000 stay under 1,000).',
    '',
    ...ROUTE_HEADER('no cache'),
    ...rows,
    ...skipped.map((line) => `| express | **skipped**: ${line} | | | | | | |`),
    '',
  ];
}

function layerSection(r) {
  if (Object.keys(r.layer ?? {}).length === 0) return [];
  const lines = [
    '## In process: what the auth layer costs per request',
    '',
    `\`layer.js\`, on the servers' CPU, no sockets: each framework's real request path handles \`GET /me\` with a repeated session token, on Node's \`IncomingMessage\`/\`ServerResponse\` built as its server builds them on a socket that is never connected (handed to the Express or Connect app, to Fastify's own server handler, to @hono/node-server's request listener), every call awaited until the route has run and checked the user id. ` +
      'One process per framework for bare, the empty middleware and ours, and one per framework for the Clerk package with a bare app of its own (its cost over that bare app is the base of the share). ' +
      `${r.settings.layerSeconds} s per case per round in 10 alternating slices; µs per request, medians of the rounds; the "over" columns and the share are medians of the round-by-round differences and fractions. ` +
      'The share (a target) is ours over the empty middleware, which takes out what the framework charges for any layer, divided by the Clerk package over its bare app.',
    '',
    '| framework | bare µs/req | empty middleware, over bare | ours, over bare | ours, over empty middleware | Clerk package, over bare | ours over empty ÷ Clerk over bare |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const fw of LAYER_FRAMEWORKS) {
    const layer = layerFigures(r, fw);
    if (!layer.bare) continue;
    const over = (v) => (layer.has(v) ? signed(layer.overBare(v)) : '–');
    lines.push(
      `| ${fw} | ${fmtSpread(layer.bare, (n) => fmtNum(n, 2))} | ${over('empty')} | ${over('ours')} | ` +
        `${layer.has('empty') && layer.has('ours') ? signed(layer.oursOverEmpty) : '–'} | ` +
        `${layer.hasClerk ? `${signed(layer.clerkOverBare)} (${CLERK_PACKAGE[fw]})` : 'no Clerk package'} | ${layer.hasClerk ? fmtFraction(layer.shareOfClerk) : '–'} |`,
    );
  }
  lines.push('');
  const cookieRows = LAYER_FRAMEWORKS.map((fw) => [fw, layerFigures(r, fw)]).filter(([, layer]) =>
    layer.has('ours-cookie'),
  );
  if (cookieRows.length > 0) {
    lines.push(
      'The cookie path (SPEC §12): ours with a publishable key, secret key and PEM handles the same route once with the `Bearer` header and once as a browser navigation with its signed-in cookie set (`__session`, `__client_uat`, `__clerk_db_jwt`; `Accept: text/html,…`, `Sec-Fetch-Dest: document`).',
      '',
      '| framework | ours, Bearer, µs/req | ours, navigation with cookies, µs/req | cookie path over Bearer path (µs) |',
      '|---|---:|---:|---:|',
      ...cookieRows.map(
        ([fw, layer]) =>
          `| ${fw} | ${fmtSpread(layer.of('ours-pk'), (n) => fmtNum(n, 2))} | ${fmtSpread(layer.of('ours-cookie'), (n) => fmtNum(n, 2))} | ${signed(layer.cookieOverBearer)} |`,
      ),
      '',
    );
  }
  return lines;
}

const shorten = (text, length) => (text.length > length ? `${text.slice(0, length - 1)}…` : text);

/** One A/B row: a figure of ours (round by round) on this tree and on the base revision. */
function abRow(label, newer, older, fmt, { difference = false } = {}) {
  const ratios = pairedRounds(ratio, newer, older);
  const spread = ratios ? `${fmtRatio(ratios.min)}–${fmtRatio(ratios.max)}` : '–';
  const diff = difference ? pairedDifference(newer, older) : Number.NaN;
  return (
    `| ${label} | ${newer ? fmt(newer.median) : '–'} | ${older ? fmt(older.median) : '–'} | ` +
    `${fmtRatio(ratios?.median)} | ${spread} | ${Number.isFinite(diff) ? signed(diff) : ''} |`
  );
}

/** The A/B mode (BENCH_BASE): each of our figures on this tree ÷ the same on the base revision. */
function abSection(r) {
  if (!r.base) return [];
  const lines = [
    `## A/B against \`${r.base.rev}\` (${r.base.commit.slice(0, 10)}: ${shorten(r.base.subject, 72)})`,
    '',
    "The same cases on the base revision's packages (exported, installed and built into a temporary folder), " +
      'in the same interleaved rounds, against the same issuer and fixture: each base case takes its turn right after its counterpart. ' +
      'new ÷ base is the median of the round-by-round ratios, with their min–max; for req/s above 1 is faster, for µs below 1 is cheaper. ' +
      'The µs over the empty middleware are a fraction of a µs, so their ratio swings from round to round; the difference beside it is in µs.',
    '',
    '| figure | new | base | new ÷ base | round-by-round ÷ (min–max) | new − base, µs |',
    '|---|---:|---:|---:|---:|---:|',
  ];
  for (const [fw, v] of SCENARIOS.filter(([, variant]) => AB_VARIANTS.includes(variant))) {
    const newer = r.http[`${fw}:${v}`];
    const older = r.http[`${fw}:${v}${BASE_SUFFIX}`];
    if (!newer && !older) continue;
    lines.push(
      abRow(
        `${fw}: \`GET ${routeOf(v)}\`, ${VARIANT_LABEL[v]} (req/s)`,
        newer?.reqPerSec,
        older?.reqPerSec,
        fmtInt,
      ),
    );
  }
  for (const fw of LAYER_FRAMEWORKS) {
    const newer = layerFigures(r, fw);
    const older = layerFigures(r, fw, BASE_SUFFIX);
    if (!older.ours) continue;
    const us = (n) => fmtNum(n, 2);
    lines.push(
      abRow(
        `in process, ${fw}: ours over empty middleware (µs)`,
        newer.oursOverEmptyRounds,
        older.oursOverEmptyRounds,
        us,
        {
          difference: true,
        },
      ),
      abRow(`in process, ${fw}: ours, whole request (µs)`, newer.ours, older.ours, us, { difference: true }),
    );
  }
  lines.push('');
  return lines;
}

export function renderReport(r) {
  const lines = [];
  const http = (fw, v) => r.http[`${fw}:${v}`];
  const scenario = (fw, v) => http(fw, v)?.reqPerSec;
  const microCase = (name) => r.micro[name];

  lines.push('# sessionguard benchmark results', '');
  lines.push(
    `Run ${r.startedAt} → ${r.finishedAt}; Node ${r.node}; ${r.cpus} × ${r.cpuModel}; ` +
      `load average at start ${r.loadAverageAtStart.map((n) => n.toFixed(2)).join(' / ')} (1/5/15 min), at end ${r.loadAverageAtEnd.map((n) => n.toFixed(2)).join(' / ')}.`,
  );
  lines.push(
    `${r.settings.rounds} interleaved rounds; HTTP ${r.settings.httpSeconds} s per scenario per round, in ${r.settings.httpTurns} turns that alternate with the other scenarios' (each server started and warmed up for 1 s once, then kept; p99 is the median of the turns'), ` +
      `${r.settings.connections} connections (autocannon), every response checked (status 200 and the route's expected body). ` +
      `Micro ${r.settings.microSeconds} s per case per round, in 10 alternating slices. ` +
      (r.pinned
        ? 'Server (and micro/memory/layer) processes pinned to CPU 0 with `taskset -c 0`; the load generator, the test issuer (the Backend API) and Redis to CPU 1.'
        : '**Not pinned** (taskset unavailable or fewer than 2 CPUs).'),
  );
  lines.push(
    'Figures are medians of the rounds with the min–max spread in parentheses; a × column (and the auth CPU over bare) is the median of the round-by-round ratios (differences). RS256, 2048-bit key.',
    '',
  );

  lines.push('## Targets (from this run)', '');
  lines.push(
    'Each ratio is judged as the median of its round-by-round ratios (the cases of a round take turns, ' +
      'so each round compares like with like); the ratio of the two medians is shown beside it.',
    '',
  );
  lines.push('| target | measured | ratio of medians | goal | |', '|---|---:|---:|---:|---|');
  lines.push(
    ratioTarget(
      'first-sight `verifyToken` vs `node:crypto` verify',
      microCase(MICRO_ORDER[0]),
      microCase('node:crypto verify (signature only)'),
      0.9,
    ),
  );
  lines.push(
    ratioTarget(
      'repeated-token `verifyToken` vs fast-jwt with its cache',
      microCase(MICRO_ORDER[2]),
      microCase('fast-jwt, with cache'),
      1.0,
    ),
  );
  for (const [fw, goal] of [
    ['express', 0.9],
    ['fastify', 0.75],
    ['hono', 0.75],
  ]) {
    lines.push(
      ratioTarget(`${fw}: repeated token vs bare`, scenario(fw, 'ours'), scenario(fw, 'bare'), goal),
    );
  }
  // In process (layer.js): ours over an empty middleware of the same framework (which takes out the
  // framework's own per-layer cost) as a share of the Clerk package's cost over bare. Ratios, so
  // that a slow machine day cannot miss them; the µs figures beside them are plain rows.
  for (const fw of LAYER_FRAMEWORKS) {
    const layer = layerFigures(r, fw);
    lines.push(inProcessFigures(fw, layer));
    if (CLERK_PACKAGE[fw]) {
      lines.push(
        atMostTarget(
          `in process, ${fw}: ours over empty middleware ÷ ${CLERK_PACKAGE[fw]} over bare`,
          layer.shareOfClerk,
          0.01,
          fmtFraction,
        ),
      );
    } else {
      // No Clerk package for Connect: it must cost no more than Express, its near twin.
      const express = layerFigures(r, 'express');
      lines.push(
        atMostTarget(
          `in process, ${fw}: ours over empty middleware, µs (no Clerk package; goal: Express's figure)`,
          layer.oursOverEmpty,
          express.oursOverEmpty,
          fmtMicros,
        ),
      );
    }
  }
  lines.push(...browserTargets(r));
  for (const fw of ['express', 'fastify']) {
    if (!API_KEY_VARIANTS.some((v) => http(fw, v))) continue;
    // What no middleware can beat: the framework answering the same body with no auth at all.
    lines.push(
      ratioTarget(
        `${fw}: API key, ours vs bare framework (no auth)`,
        scenario(fw, 'apikey-ours'),
        scenario(fw, 'bare'),
        API_KEY_VS_BARE_GOAL[fw],
      ),
    );
    lines.push(
      ratioReference(
        `${fw}: API key, ours vs the same two layers empty (no auth)`,
        scenario(fw, 'apikey-ours'),
        scenario(fw, 'apikey-layers'),
        'figure: what our work in the two layers costs',
      ),
    );
    lines.push(
      ratioReference(
        `${fw}: API key, the two layers empty vs bare framework`,
        scenario(fw, 'apikey-layers'),
        scenario(fw, 'bare'),
        "figure: what the framework charges for the route's layers",
      ),
    );
    lines.push(
      ratioReference(
        `${fw}: API key, ours vs ${CLERK_PACKAGE[fw]}`,
        scenario(fw, 'apikey-ours'),
        scenario(fw, 'apikey-clerk'),
        'figure',
      ),
    );
    lines.push(
      ratioReference(
        `${fw}: API key, bare framework (no auth) vs ${CLERK_PACKAGE[fw]}`,
        scenario(fw, 'bare'),
        scenario(fw, 'apikey-clerk'),
        'figure: the most any middleware could reach',
      ),
    );
    lines.push(
      callsPerTtlTarget(
        `${fw}: API key, ours: Backend API calls`,
        http(fw, 'apikey-ours'),
        r.machineTokenCacheTtlInMs,
      ),
    );
    lines.push(
      ratioTarget(
        `${fw}: API key, cache off vs ${CLERK_PACKAGE[fw]}`,
        scenario(fw, 'apikey-ours-nocache'),
        scenario(fw, 'apikey-clerk'),
        1,
      ),
    );
  }
  for (const fw of ['express', 'fastify', 'hono']) {
    lines.push(
      ratioTarget(
        `${fw}: cache off vs hand-written jose`,
        scenario(fw, 'ours-nocache'),
        scenario(fw, 'jose'),
        0.9,
      ),
    );
    lines.push(
      ratioTarget(
        `${fw}: cache off vs ${CLERK_PACKAGE[fw]}`,
        scenario(fw, 'ours-nocache'),
        scenario(fw, 'clerk'),
        2,
      ),
    );
  }
  if (r.memory.requestBytes) {
    lines.push(
      memoryTarget(
        `heap added by ${fmtInt(r.memory.tokens)} cached tokens (\`authenticateRequest\`, full state)`,
        r.memory.requestBytes.median / 1024 / 1024,
        25,
      ),
    );
  }
  lines.push('');

  lines.push(...abSection(r));

  lines.push('## HTTP: `GET /me`', '');
  lines.push(
    '| framework | scenario | req/s | p99 ms | server CPU µs/req | auth CPU µs/req (over bare) | × bare | × jose | × Clerk |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const fw of FRAMEWORKS) {
    for (const v of ['bare', 'jose', 'ours', 'ours-nocache', 'clerk', 'oauth2']) {
      const h = http(fw, v);
      if (!h) continue;
      const authCpu = pairedDifference(h.cpuMicrosPerReq, http(fw, 'bare')?.cpuMicrosPerReq);
      const label = v === 'clerk' ? `${VARIANT_LABEL[v]} (${CLERK_PACKAGE[fw]})` : VARIANT_LABEL[v];
      lines.push(
        `| ${fw} | ${label} | ${fmtSpread(h.reqPerSec)} | ${fmtSpread(h.p99Ms, (n) => fmtNum(n, 0))} | ` +
          `${fmtSpread(h.cpuMicrosPerReq, (n) => fmtNum(n, 1))} | ${v === 'bare' || !Number.isFinite(authCpu) ? '–' : fmtNum(authCpu, 1)} | ` +
          `${fmtRatio(pairedRatio(h.reqPerSec, scenario(fw, 'bare')))} | ${fmtRatio(pairedRatio(h.reqPerSec, scenario(fw, 'jose')))} | ` +
          `${fmtRatio(pairedRatio(h.reqPerSec, scenario(fw, 'clerk')))} |`,
      );
    }
  }
  lines.push('');
  lines.push(...apiKeySection(r), ...lookupSection(r), ...browserSection(r), ...layerSection(r));
  const failed = Object.entries(r.http).filter(([, h]) => h.failures > 0);
  const checked = Object.entries(r.http).filter(([k]) => isChecked(k.slice(k.indexOf(':') + 1)));
  const unchecked = Object.keys(r.http).filter((k) => !isChecked(k.slice(k.indexOf(':') + 1)));
  const sent = checked.reduce((n, [, h]) => n + h.sent, 0);
  lines.push(
    failed.length === 0
      ? `All ${fmtInt(sent)} measured HTTP responses were 200 with the expected body (non-2xx, errors, timeouts and body mismatches: 0)` +
          (unchecked.length > 0
            ? `; the answers of ${unchecked.join(', ')} were counted by status, not checked, and had no errors or timeouts.`
            : '.')
      : `**FAILED: ${failed.map(([k, h]) => `${k} (${h.failures})`).join(', ')} had non-2xx responses, errors or wrong bodies.**`,
    '',
  );
  for (const line of r.skipped ?? []) lines.push(`**Skipped:** ${line}.`, '');

  if (Object.keys(r.micro).length > 0) lines.push(...microSection(r));
  if (r.memory.requestBytes) lines.push(...memorySection(r));
  lines.push(...profileSection(r));
  if (r.failures.length > 0) {
    lines.push('## Failures', '', ...r.failures.map((f) => `- ${f}`), '');
  }
  return `${lines.join('\n')}\n`;
}

function microSection(r) {
  const lines = [];
  const microCase = (name) => r.micro[name];
  lines.push('## Micro (one process, calls per second)', '');
  lines.push('| case | calls/s | × node:crypto verify | × fast-jwt cached |', '|---|---:|---:|---:|');
  for (const name of MICRO_ORDER) {
    const m = r.micro[name];
    if (!m) continue;
    lines.push(
      `| ${name} | ${fmtSpread(m)} | ${fmtRatio(pairedRatio(m, microCase('node:crypto verify (signature only)')))} | ${fmtRatio(pairedRatio(m, microCase('fast-jwt, with cache')))} |`,
    );
  }
  lines.push(
    '',
    'First sight walks a pool of 20,000 distinct tokens through an authenticator with the default cache ' +
      '(10,000 entries), so every call is a miss: decode, checks, signature, cache insert and eviction. ' +
      'The `node:crypto` case verifies the same signature with the key object and byte buffers prepared once; ' +
      'its "new token each call" row (for reference, no target reads it) verifies each pool token in turn, cutting ' +
      'and decoding its signing input and signature per call.',
    '',
  );

  return lines;
}

function memorySection(r) {
  const lines = ['## Memory', ''];
  lines.push(
    `${fmtInt(r.memory.tokens)} distinct tokens cached, heap after \`gc()\` minus heap before (token strings included). ` +
      `Each token presented twice, so the cache keeps its full state: through \`authenticateRequest\` (claims + the signed-in request state and auth object) ${mb(r.memory.requestBytes.median)} ` +
      `(${mb(r.memory.requestBytes.min)}–${mb(r.memory.requestBytes.max)}); through \`verifyToken\` (claims only) ` +
      `${mb(r.memory.verifyTokenBytes.median)} (${mb(r.memory.verifyTokenBytes.min)}–${mb(r.memory.verifyTokenBytes.max)}). ` +
      `Each token presented once (the cache keeps a small record; claims and state are kept from a token's first repeat on): ` +
      `${mb(r.memory.onceBytes.median)} (${mb(r.memory.onceBytes.min)}–${mb(r.memory.onceBytes.max)}).`,
    '',
  );
  return lines;
}
function profileSection(r) {
  const lines = [];
  if (Object.keys(r.profiles ?? {}).length > 0) {
    lines.push('## CPU profile under load (sessionguard adapter, repeated token)', '');
    lines.push(
      'Share of busy (non-idle) samples in the server child, `--cpu-prof`, 3 s of load. A waste category counts a ' +
        'sample when any frame on its stack matches (startup frames excluded).',
      '',
    );
    const categories = Object.keys(Object.values(r.profiles).find((p) => p.waste)?.waste ?? {});
    lines.push(
      `| framework | busy | core \`authenticateRequest\` | ${categories.join(' | ')} |`,
      `|---|---:|---:|${categories.map(() => '---:').join('|')}|`,
    );
    for (const [fw, p] of Object.entries(r.profiles)) {
      if (!p.waste) continue;
      lines.push(
        `| ${fw} | ${fmtNum(p.busyPercent, 0)}% | ${fmtNum(p.coreAuthenticatePercentOfBusy, 1)}% | ${categories.map((c) => `${fmtNum(p.waste[c], 1)}%`).join(' | ')} |`,
      );
    }
    lines.push('');
    for (const [fw, p] of Object.entries(r.profiles)) {
      if (!p.top) continue;
      lines.push(`<details><summary>${fw}: top self time</summary>`, '', '| self | function |', '|---:|---|');
      for (const { name, percent } of p.top) lines.push(`| ${fmtNum(percent, 1)}% | \`${name}\` |`);
      lines.push('', '</details>', '');
    }
  }
  return lines;
}
