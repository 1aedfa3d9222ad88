// `pnpm chaos`: two apps (Express over node-redis, Fastify over ioredis) on one real redis-server
// and the test issuer, under mixed valid and hostile traffic, while Redis is stopped (SIGSTOP),
// killed and restarted, the Backend API fails and keys rotate. Prints a table per phase; exits 1
// on any 5xx other than the SPEC's 503s, a bad credential let in, a webhook id accepted twice, a
// delivery never accepted (lost), a crashed app or a hung request. Only 127.0.0.1; bounded in time
// (CHAOS_PHASE_SECONDS per phase, default 20), in count (CHAOS_MAX_REQUESTS per phase, default
// 20,000) and in concurrency (CHAOS_CONCURRENCY, default 8).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { load } from './deps.mjs';
import { startRedis } from './redis.mjs';
import { createTraffic, slowloris } from './traffic.mjs';

const PHASE_MS = Number(process.env.CHAOS_PHASE_SECONDS ?? 20) * 1000;
const CONCURRENCY = Number(process.env.CHAOS_CONCURRENCY ?? 8);
const MAX_REQUESTS_PER_PHASE = Number(process.env.CHAOS_MAX_REQUESTS ?? 20_000);
const SLOW_CLIENTS = 20;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const FAILURES = ['other5xx', 'hung', 'badIn', 'replayIn'];

const { createTestIssuer } = await load('@sessionguard/testing');
const redis = await startRedis();
const issuer = await createTestIssuer();
issuer.addUser({ id: 'user_chaos', first_name: 'Chaos' });

const crashes = [];
const children = [];
async function startApp(framework) {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./app.mjs', import.meta.url)), framework], {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: redis.url,
      ISSUER_URL: issuer.url,
      CLERK_JWKS_URL: issuer.jwksUrl,
      CLERK_SECRET_KEY: issuer.secretKey,
      CLERK_WEBHOOK_SIGNING_SECRET: issuer.webhookSigningSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  child.once('exit', (code, signal) => {
    if (!stopping) crashes.push(`${framework} exited (${code ?? signal}): ${stderr.slice(-400)}`);
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      out += chunk;
      const ready = out.match(/listening on (\d+)/);
      if (ready) resolve(`http://127.0.0.1:${ready[1]}`);
    });
    child.once('exit', () => reject(new Error(`${framework} did not start: ${stderr}`)));
  });
}
let stopping = false;
const apps = [await startApp('express'), await startApp('fastify')];

const state = {
  tokens: [],
  expired: await issuer.mintSessionToken({
    userId: 'user_chaos',
    issuedAt: Math.floor(Date.now() / 1000) - 3_600,
    expiresInSeconds: 60,
  }),
  foreign: undefined,
  apiKey: issuer.createApiKey({ subject: 'user_chaos', name: 'chaos' }).secret,
  accepted: new Map(),
  pending: new Set(),
  sent: 0,
};
// A token from another issuer (its own keys): never ours to accept.
const stranger = await createTestIssuer();
state.foreign = await stranger.mintSessionToken({ userId: 'user_chaos' });
await stranger.close();
const refreshTokens = async () => {
  state.tokens = await Promise.all([1, 2, 3].map(() => issuer.mintSessionToken({ userId: 'user_chaos' })));
};
await refreshTokens();

const traffic = createTraffic({ issuer, apps, state });

/** Runs `fault` (a loop of breakages) for one phase under traffic; returns the tally. */
async function phase(name, fault) {
  const tally = { requests: 0, ok: 0, spec503: 0, validRefused: 0, retriesAccepted: 0 };
  for (const failure of FAILURES) tally[failure] = 0;
  const until = Date.now() + PHASE_MS;
  const stopSlow = slowloris(apps, SLOW_CLIENTS);
  const count = (verdict) => {
    tally.requests += 1;
    tally[verdict] = (tally[verdict] ?? 0) + 1;
  };
  const worker = async () => {
    while (Date.now() < until && tally.requests < MAX_REQUESTS_PER_PHASE) count(await traffic.one());
  };
  // Svix: one retry at a time per refused id, a second or more after the refusal.
  const retrier = async () => {
    while (Date.now() < until) {
      for (const id of [...state.pending]) {
        const accepted = state.accepted.size;
        count(await traffic.retry(apps[Math.floor(Math.random() * apps.length)], id));
        if (state.accepted.size > accepted) tally.retriesAccepted += 1;
      }
      await sleep(1_000);
    }
  };
  const tokens = async () => {
    while (Date.now() < until) {
      await refreshTokens();
      await sleep(2_000);
    }
  };
  await Promise.all([...Array.from({ length: CONCURRENCY }, worker), retrier(), tokens(), fault?.(until)]);
  stopSlow();
  return { phase: name, ...tally, pendingAfter: state.pending.size };
}

/** Svix keeps retrying: every refused delivery, until each is accepted (bounded: 30 s). */
async function drain() {
  const tally = {
    phase: 'retries drained',
    requests: 0,
    ok: 0,
    spec503: 0,
    validRefused: 0,
    retriesAccepted: 0,
  };
  for (const failure of FAILURES) tally[failure] = 0;
  const until = Date.now() + 30_000;
  while (state.pending.size > 0 && Date.now() < until) {
    for (const id of [...state.pending]) {
      const accepted = state.accepted.size;
      const verdict = await traffic.retry(apps[tally.requests % apps.length], id);
      tally.requests += 1;
      tally[verdict] += 1;
      if (state.accepted.size > accepted) tally.retriesAccepted += 1;
    }
    await sleep(500);
  }
  return { ...tally, pendingAfter: state.pending.size };
}

const loop = async (until, steps) => {
  while (Date.now() < until) {
    for (const [action, ms] of steps) {
      if (Date.now() >= until) break;
      await action();
      await sleep(ms);
    }
  }
};

const rows = [];
try {
  rows.push(await phase('steady'));
  rows.push(
    await phase('redis SIGSTOP/SIGCONT', (until) =>
      loop(until, [
        [redis.pause, 2_000],
        [redis.resume, 2_000],
      ]).finally(redis.resume),
    ),
  );
  rows.push(
    await phase('redis killed/restarted', (until) =>
      loop(until, [
        [redis.kill, 2_500],
        [redis.start, 2_500],
      ]).finally(async () => {
        await redis.start().catch(() => {});
      }),
    ),
  );
  rows.push(
    await phase('Backend API down', (until) =>
      loop(until, [
        [() => issuer.setOutage('error'), 3_000],
        [() => issuer.setOutage(false), 1_500],
        [() => issuer.setOutage('timeout'), 3_000],
        [() => issuer.setOutage(false), 1_500],
      ]).finally(() => issuer.setOutage(false)),
    ),
  );
  rows.push(await phase('keys rotate', (until) => loop(until, [[() => issuer.rotateKeys(), 4_000]])));
  rows.push(await phase('recovery'));
  rows.push(await drain());
} finally {
  stopping = true;
}

const lost = [...state.pending].filter((id) => !state.accepted.has(id));
const columns = [
  'phase',
  'requests',
  'ok',
  'spec503',
  'validRefused',
  ...FAILURES,
  'retriesAccepted',
  'pendingAfter',
];
const width = (column) => Math.max(column.length, ...rows.map((row) => String(row[column] ?? 0).length));
const line = (cells) => `| ${cells.join(' | ')} |`;
console.log(line(columns.map((column) => column.padEnd(width(column)))));
console.log(line(columns.map((column) => '-'.repeat(width(column)))));
for (const row of rows) {
  console.log(
    line(
      columns.map((column) =>
        String(row[column] ?? 0)[column === 'phase' ? 'padEnd' : 'padStart'](width(column)),
      ),
    ),
  );
}
const failed = rows.reduce((sum, row) => sum + FAILURES.reduce((n, failure) => n + row[failure], 0), 0);
console.log(
  `\nwebhooks: ${state.sent} new deliveries, ${state.accepted.size} accepted once, ${lost.length} never accepted (lost); crashes: ${crashes.length}`,
);
for (const crash of crashes) console.log(`crash: ${crash}`);

for (const child of children) child.kill('SIGTERM');
await issuer.close();
await redis.stop();
const ok = failed === 0 && lost.length === 0 && crashes.length === 0;
console.log(ok ? 'chaos: PASS' : 'chaos: FAIL');
process.exit(ok ? 0 : 1);
