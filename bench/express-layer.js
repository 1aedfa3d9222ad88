// What our Express middleware costs beyond what Express charges for any middleware: `node
// express-layer.js` (after `pnpm bench` has written the fixture). In one process, with no sockets or
// load generator, so the differences of a few µs that HTTP turns drown in noise can be seen. Each
// call builds a request and a response as Node's server would (not connected to a socket) and hands
// them to an Express app whose `GET /me` reads the user and sends nothing. Not part of `pnpm bench`.
import { readFileSync } from 'node:fs';
import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clerkMiddleware, getAuth } from '@sessionguard/express';
import express from 'express';
import { slicedRound } from './lib/rounds.js';
import { median } from './lib/stats.js';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');
const fixture = JSON.parse(readFileSync(join(RESULTS, 'fixture.json'), 'utf8'));
const authorization = `Bearer ${fixture.token}`;
const ROUNDS = Number(process.env.LAYER_ROUNDS ?? 7);

/** Requests handed to each app, and those whose route answered with the user id. */
const tally = new Map();
function appWith(middleware, userOf = () => fixture.userId) {
  const app = express();
  const counts = { sent: 0, answered: 0 };
  tally.set(app, counts);
  for (const fn of middleware) app.use(fn);
  app.get('/me', (req) => {
    if (userOf(req) === fixture.userId) counts.answered++;
  });
  return app;
}
const passThrough = (_req, _res, next) => next();
const addsAProperty = (req, _res, next) => {
  req.userId = fixture.userId;
  next();
};
const ours = clerkMiddleware({ jwtKey: fixture.publicKeyPem });

const socket = new Socket();
function request() {
  const req = new IncomingMessage(socket);
  req.method = 'GET';
  req.url = '/me';
  req.headers = { host: '127.0.0.1', authorization };
  req.rawHeaders = ['Host', '127.0.0.1', 'Authorization', authorization];
  return [req, new ServerResponse(req)];
}
const caseOf = (app) => (n) => {
  tally.get(app).sent += n;
  for (let i = 0; i < n; i++) {
    const [req, res] = request();
    app(req, res);
  }
};

const cases = {
  'bare Express': caseOf(appWith([])),
  'a middleware that only calls next()': caseOf(appWith([passThrough])),
  'two such middleware': caseOf(appWith([passThrough, passThrough])),
  'a middleware that sets req.userId (the route reads it)': caseOf(
    appWith([addsAProperty], (req) => req.userId),
  ),
  'sessionguard clerkMiddleware, repeated token (the route calls getAuth)': caseOf(
    appWith([ours], (req) => getAuth(req).userId),
  ),
};
const names = Object.keys(cases);
const runs = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]);
  const perSecond = await slicedRound(cases, order, { seconds: 1, warmupSeconds: round === 0 ? 0.5 : 0 });
  for (const name of names) runs[name].push(1e6 / perSecond[name]);
}
for (const { sent, answered } of tally.values()) {
  if (answered !== sent)
    throw new Error(`${sent - answered} of ${sent} requests did not reach the route with the user id`);
}
const base = median(runs['bare Express']);
console.log(`| case | µs per request | over bare Express |\n|---|---:|---:|`);
for (const name of names) {
  const us = median(runs[name]);
  console.log(
    `| ${name} | ${us.toFixed(2)} | ${name === 'bare Express' ? '–' : `+${(us - base).toFixed(2)}`} |`,
  );
}
