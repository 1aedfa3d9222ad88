// What the auth layer costs inside one process, per adapter: each framework's real router handles
// `GET /me` with a repeated session token, bare, with a middleware that only passes the request on
// (a reference: what the framework charges for any layer), with ours and with the Clerk package.
// No sockets and no load generator, so the few µs that HTTP turns drown in noise can be seen.
// - Express and Connect: a request and a response built as Node's server builds them
//   (IncomingMessage and ServerResponse on a socket that is never connected), handed to the app;
//   the route reads the user and sends nothing (as express-layer.js, which this replaces, did).
// - Fastify: the request handler Fastify gave its http.Server, called as the server calls it
//   (`server.emit('request', req, res)`) on the same Node request objects; the server never listens.
// - Hono: @hono/node-server's request listener (what `serve()` runs per request) on the same
//   Node request objects, so our adapter reads Node's headers (`c.env.incoming`) as over HTTP.
// Fastify and Hono write their answer, which a socketless response keeps in its own buffer (garbage
// with the response object). Nothing here replaces a part of ours or of a framework.
// The browser-cookie path (SPEC §12): ours with a publishable key, secret key and PEM (so §12
// applies) handles the same route twice, once with the Bearer header (`ours-pk`) and once as a
// browser's navigation with its signed-in cookie set (`ours-cookie`): the difference is what the
// cookie path costs over the Bearer path.
// Every call is awaited until the route has run (Clerk's middleware is asynchronous), and every
// route checks that it saw the user id; a request that did not reach the route fails the run.
// One framework per process (`node layer.js <framework> <group>`): in a process serving several,
// the shared core would see several request shapes, which no real app (one framework) does. And the
// Clerk package has a process of its own (group `clerk`: a bare app and Clerk's), apart from ours
// (group `ours`: bare, the empty middleware and ours): its milliseconds of work and garbage per
// request would otherwise fall into the µs slices of the others (its GCs run in whatever slice).
// Run by run.js over IPC ({ type: 'round', seconds } -> { type: 'round-done', results: { [case]:
// µs per request } }); standalone (`node layer.js [framework] [group]`, Express and ours by
// default, after a `pnpm bench` has written the fixture), LAYER_ROUNDS rounds (7), a table.
// A third argument `base` (the A/B mode; run.js sets BENCH_MODULES_FROM to the base revision's
// tree) runs the same cases on the base revision's packages and frameworks, named `…-base`.
import { readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fromBase, load } from './lib/modules.js';
import { slicedRound } from './lib/rounds.js';
import { BASE_SUFFIX, LAYER_FRAMEWORKS, NAVIGATION_HEADERS } from './lib/scenarios.js';
import { median } from './lib/stats.js';

process.env.CLERK_TELEMETRY_DISABLED ??= '1'; // Clerk's clients are built below, after this line
const [framework = 'express', group = 'ours', tree = 'this'] = process.argv.slice(2);
if (fromBase !== (tree === 'base')) {
  throw new Error('layer.js: the argument `base` and BENCH_MODULES_FROM go together (see run.js)');
}
// From this tree, or the base revision's (lib/modules.js). Each group loads only its own auth
// packages: importing @sessionguard/express puts our `req.auth` accessor on Express's request
// prototype, whose getter throws the register-first error where our middleware has not run, which
// Clerk's middleware (reading `req.auth` before it assigns its own) would then hit; an app has one
// of the two, and so has each process here.
const needed = (name) =>
  group === 'clerk' ? !name.startsWith('@sessionguard/') : !name.startsWith('@clerk/');
const [
  clerkExpress,
  clerkFastify,
  clerkHono,
  { getRequestListener },
  oursConnect,
  oursExpress,
  oursFastify,
  oursHono,
  { default: connect },
  { default: express },
  { default: Fastify },
  { Hono },
] = await Promise.all(
  [
    '@clerk/express',
    '@clerk/fastify',
    '@clerk/hono',
    '@hono/node-server',
    '@sessionguard/connect',
    '@sessionguard/express',
    '@sessionguard/fastify',
    '@sessionguard/hono',
    'connect',
    'express',
    'fastify',
    'hono',
  ].map((name) => (needed(name) ? load(name) : {})),
);
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');
const fixture = JSON.parse(readFileSync(process.env.BENCH_FIXTURE ?? join(RESULTS, 'fixture.json'), 'utf8'));
const { userId } = fixture;
const authorization = `Bearer ${fixture.token}`;

/**
 * The cases of each group; `bare-beside-clerk` is a bare app, the base of Clerk's cost. The base
 * revision of an A/B run measures the cases that existed before the cookie path.
 */
const GROUP_VARIANTS = {
  ours: fromBase ? ['bare', 'empty', 'ours'] : ['bare', 'empty', 'ours', 'ours-pk', 'ours-cookie'],
  clerk: ['bare-beside-clerk', 'clerk'],
};
/** `ours-pk` and `ours-cookie` run with the browser options (SPEC §12 applies), `ours` with the PEM only. */
const ourOptions = (variant) =>
  variant === 'ours'
    ? { jwtKey: fixture.publicKeyPem }
    : {
        publishableKey: fixture.publishableKey,
        secretKey: fixture.secretKey,
        apiUrl: fixture.apiUrl,
        jwtKey: fixture.publicKeyPem,
      };
const isOurs = (variant) => variant.startsWith('ours');
// Networkless, as in the HTTP scenarios: jwtKey plus a key pair of the shape Clerk requires.
const clerkOptions = () => ({
  jwtKey: fixture.publicKeyPem,
  publishableKey: fixture.clerkPublishableKey,
  secretKey: fixture.clerkSecretKey,
});

/** Requests handed to each case, and those whose route saw the user id. */
const tally = new Map();
/** The request in flight (one at a time): its route settles it. */
let inFlight;
function routeSaw(counts, user) {
  if (user === userId) counts.answered++;
  routesRun++;
  inFlight.resolve();
}
let routesRun = 0;
const awaitRoute = (start) =>
  new Promise((resolve, reject) => {
    inFlight = { resolve, reject };
    start(reject);
  });
// A request that never reaches its route (a framework's 404, a hook that answered) would wait
// forever: with no route run for 10 s, the request in flight fails the run instead.
let routesAtLastLook = -1;
setInterval(() => {
  if (routesRun === routesAtLastLook) inFlight?.reject(new Error('no route ran for 10 s'));
  routesAtLastLook = routesRun;
}, 10_000).unref();

// ---- Express and Connect: Node's request objects, no socket ----
const socket = new Socket();
const BEARER = {
  headers: { host: '127.0.0.1', authorization },
  raw: ['Host', '127.0.0.1', 'Authorization', authorization],
};
/** A browser's navigation with its signed-in cookie set, the headers in Chromium's order. */
const NAVIGATION = {
  headers: { host: '127.0.0.1', ...NAVIGATION_HEADERS, cookie: fixture.browserCookies },
  raw: [
    'Host',
    '127.0.0.1',
    'Accept',
    NAVIGATION_HEADERS.accept,
    'Sec-Fetch-Mode',
    NAVIGATION_HEADERS['sec-fetch-mode'],
    'Sec-Fetch-Dest',
    NAVIGATION_HEADERS['sec-fetch-dest'],
    'Cookie',
    fixture.browserCookies,
  ],
};
const requestShapeOf = (variant) => (variant === 'ours-cookie' ? NAVIGATION : BEARER);
function nodeRequest(shape = BEARER) {
  const req = new IncomingMessage(socket);
  req.method = 'GET';
  req.url = '/me';
  req.headers = { ...shape.headers };
  req.rawHeaders = shape.raw.slice();
  return req;
}
const nodeCase = (app, counts, shape) => async (n) => {
  counts.sent += n;
  for (let i = 0; i < n; i++) {
    const req = nodeRequest(shape);
    // The app's last callback runs when no route answered or a middleware failed.
    await awaitRoute((fail) =>
      app(req, new ServerResponse(req), (error) => fail(error ?? new Error('no route ran'))),
    );
  }
};

// All Express apps of the `ours` process share Express's request prototype, on which our adapter
// puts its `req.auth` accessor (see @sessionguard/connect); the `clerk` process never loads ours, so
// Clerk's middleware adds its own `req.auth` as in an app of its own.
function expressCase(variant, counts) {
  const app = express();
  let userOf = () => userId;
  if (variant === 'empty') app.use((_req, _res, next) => next());
  else if (isOurs(variant)) {
    app.use(oursExpress.clerkMiddleware(ourOptions(variant)));
    userOf = (req) => oursExpress.getAuth(req).userId;
  } else if (variant === 'clerk') {
    app.use(clerkExpress.clerkMiddleware(clerkOptions()));
    userOf = (req) => clerkExpress.getAuth(req).userId;
  }
  app.get('/me', (req) => routeSaw(counts, userOf(req)));
  return nodeCase(app, counts, requestShapeOf(variant));
}

function connectCase(variant, counts) {
  if (variant === 'clerk') return undefined; // Clerk has no Connect package
  const app = connect();
  let userOf = () => userId;
  if (variant === 'empty') app.use((_req, _res, next) => next());
  else if (isOurs(variant)) {
    app.use(oursConnect.clerkMiddleware(ourOptions(variant)));
    userOf = (req) => oursConnect.getAuth(req).userId;
  }
  app.use('/me', (req) => routeSaw(counts, userOf(req)));
  return nodeCase(app, counts, requestShapeOf(variant));
}

// ---- Fastify: its own request handler (the one its server listens with), on Node's request objects ----
async function fastifyCase(variant, counts) {
  const app = Fastify({ logger: false });
  let userOf = () => userId;
  if (variant === 'empty') app.addHook('onRequest', (_request, _reply, done) => done());
  else if (isOurs(variant)) {
    await app.register(oursFastify.clerkPlugin, ourOptions(variant));
    userOf = (request) => oursFastify.getAuth(request).userId;
  } else if (variant === 'clerk') {
    await app.register(clerkFastify.clerkPlugin, clerkOptions());
    userOf = (request) => clerkFastify.getAuth(request).userId;
  }
  app.get('/me', (request, reply) => {
    const user = userOf(request);
    reply.send(user);
    routeSaw(counts, user);
  });
  await app.ready();
  // What Node's server does with each parsed request: emit it to Fastify's handler.
  const handle = (req, res) => app.server.emit('request', req, res);
  const shape = requestShapeOf(variant);
  return async (n) => {
    counts.sent += n;
    for (let i = 0; i < n; i++) {
      const req = nodeRequest(shape);
      const res = new ServerResponse(req);
      await awaitRoute(() => handle(req, res));
      if (res.statusCode !== 200) throw new Error(`fastify:${variant} answered ${res.statusCode}`);
    }
  };
}

// ---- Hono: @hono/node-server's request listener, on Node's request objects with no socket ----
function honoCase(variant, counts) {
  const app = new Hono();
  let userOf = () => userId;
  if (variant === 'empty') app.use('*', (_c, next) => next());
  else if (isOurs(variant)) {
    app.use('*', oursHono.clerkMiddleware(ourOptions(variant)));
    userOf = (c) => oursHono.getAuth(c).userId;
  } else if (variant === 'clerk') {
    app.use('*', clerkHono.clerkMiddleware(clerkOptions()));
    userOf = (c) => clerkHono.getAuth(c).userId;
  }
  app.get('/me', (c) => {
    const user = userOf(c);
    if (user === userId) counts.answered++;
    routesRun++;
    return c.text(user);
  });
  const listener = getRequestListener(app.fetch);
  const shape = requestShapeOf(variant);
  return async (n) => {
    counts.sent += n;
    for (let i = 0; i < n; i++) {
      const req = nodeRequest(shape);
      const res = new ServerResponse(req);
      await listener(req, res);
      if (res.statusCode !== 200) throw new Error(`hono:${variant} answered ${res.statusCode}`);
    }
  };
}

const builders = { express: expressCase, connect: connectCase, fastify: fastifyCase, hono: honoCase };
if (!builders[framework])
  throw new Error(`unknown framework ${framework} (one of ${LAYER_FRAMEWORKS.join(', ')})`);
if (!GROUP_VARIANTS[group]) throw new Error(`unknown group ${group} (ours or clerk)`);
const cases = {};
for (const variant of GROUP_VARIANTS[group]) {
  const counts = { sent: 0, answered: 0 };
  const run = await builders[framework](variant, counts);
  if (!run) throw new Error(`${framework} has no ${variant} case`);
  const name = `${framework}:${variant}${fromBase ? BASE_SUFFIX : ''}`;
  tally.set(name, counts);
  cases[name] = run;
}
const names = Object.keys(cases);

/** Throws unless every request of every case reached its route with the user id. */
function checkTally() {
  for (const [name, { sent, answered }] of tally) {
    if (answered !== sent) {
      throw new Error(
        `${name}: ${sent - answered} of ${sent} requests did not reach the route with the user id`,
      );
    }
  }
}

let roundNumber = 0;
/** One round of every case, interleaved in slices (see slicedRound); µs per request by case. */
async function runRound(seconds, warmupSeconds) {
  const offset = roundNumber++ % names.length;
  const order = names.map((_, i) => names[(i + offset) % names.length]);
  const perSecond = await slicedRound(cases, order, { seconds, warmupSeconds });
  checkTally();
  return Object.fromEntries(names.map((name) => [name, 1e6 / perSecond[name]]));
}

if (process.send) {
  process.on('message', async (message) => {
    if (message.type === 'round') {
      process.send({ type: 'round-done', results: await runRound(message.seconds, message.warmupSeconds) });
    } else if (message.type === 'exit') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready' });
} else {
  const rounds = Number(process.env.LAYER_ROUNDS ?? 7);
  const runs = Object.fromEntries(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const results = await runRound(1, round === 0 ? 0.5 : 0);
    for (const name of names) runs[name].push(results[name]);
  }
  console.log('| case | µs per request | over the first |\n|---|---:|---:|');
  const base = runs[names[0]];
  for (const name of names) {
    const over = median(runs[name].map((us, round) => us - base[round]));
    console.log(
      `| ${name} | ${median(runs[name]).toFixed(2)} | ${name === names[0] ? '–' : over.toFixed(2)} |`,
    );
  }
}
