// `pnpm bench`: micro benchmarks, memory and HTTP scenarios, interleaved round by round; writes
// results/latest.md (committed) and results/latest.json (ignored) and prints the same table.
// Environment knobs: BENCH_ROUNDS (5), BENCH_HTTP_SECONDS (5), BENCH_MICRO_SECONDS (1),
// BENCH_LAYER_SECONDS (1), BENCH_CONNECTIONS (10), BENCH_ONLY (comma list of framework:variant to
// run; `layer` and `micro` name the in-process parts, which run when BENCH_ONLY is unset or names
// them), BENCH_PROFILE (0 = skip the CPU profiles), BENCH_BASE (a git revision: the A/B mode, which
// also measures that revision's packages, side by side; see lib/base-tree.js and README.md).
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAuthenticator } from '@sessionguard/core';
import { prepareBaseTree } from './lib/base-tree.js';
import { RESULTS_DIR } from './lib/fixture.js';
import {
  combineTurns,
  IDLE_QUIET_FLAGS,
  measureTurn,
  runScenario,
  startServer,
  stopServer,
  warmUp,
} from './lib/http.js';
import { scanProfile } from './lib/profile-summary.js';
import { redisServerAvailable, startRedisServer } from './lib/redis-server.js';
import { renderReport } from './lib/report.js';
import { isBase, layerProcesses, needsRedis, SCENARIOS, withBaseScenarios } from './lib/scenarios.js';
import { summarize } from './lib/stats.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const HTTP_SECONDS = Number(process.env.BENCH_HTTP_SECONDS ?? 5);
const HTTP_WARMUP_SECONDS = 1;
/** Turns per scenario per round, alternating with the others' (autocannon runs whole seconds). */
const HTTP_TURNS = Math.max(1, Math.round(HTTP_SECONDS));
const MICRO_SECONDS = Number(process.env.BENCH_MICRO_SECONDS ?? 1);
const MICRO_WARMUP_SECONDS = 0.25;
const LAYER_SECONDS = Number(process.env.BENCH_LAYER_SECONDS ?? 1);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const POOL_SIZE = 20_000;

function hasTaskset() {
  try {
    execFileSync('taskset', ['-p', String(process.pid)], { stdio: 'ignore' });
    return cpus().length >= 2;
  } catch {
    return false;
  }
}

// One core each: servers and the micro/memory/layer children on core 0; this process (autocannon),
// the issuer and Redis on core 1, as a client and a remote Backend API would be.
const pinned = hasTaskset();
if (pinned) execFileSync('taskset', ['-cp', '1', String(process.pid)], { stdio: 'ignore' });
const SERVER_CPU = pinned ? 0 : undefined;
const LOAD_CPU = pinned ? 1 : undefined;
const pinArgs = (args, cpu = 0) =>
  pinned ? ['taskset', ['-c', String(cpu), process.execPath, ...args]] : [process.execPath, args];

function log(message) {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

function waitFor(child, type) {
  return new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message);
    };
    const onExit = (code) => reject(new Error(`child exited (${code}) before ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

function childEnv(fixturePath, poolPath) {
  return {
    ...process.env,
    BENCH_FIXTURE: fixturePath,
    BENCH_POOL: poolPath,
    NODE_ENV: 'production',
    CLERK_TELEMETRY_DISABLED: '1',
  };
}

async function runMemory(fixturePath, poolPath) {
  const [command, args] = pinArgs(['--expose-gc', join(HERE, 'memory.js')]);
  const child = spawn(command, args, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: childEnv(fixturePath, poolPath),
  });
  const { result } = await waitFor(child, 'memory');
  if (child.exitCode === null) await once(child, 'exit');
  return result;
}

// The A/B mode: the base revision's packages, exported, installed and built before anything is
// measured, and removed however the run ends.
delete process.env.BENCH_MODULES_FROM; // set only for the base cases' children
if (process.env.BENCH_BASE) {
  // An exit, so that the base tree's folder is removed (lib/base-tree.js).
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
}
const base = process.env.BENCH_BASE
  ? prepareBaseTree(process.env.BENCH_BASE, { repoDir: join(HERE, '..'), log })
  : undefined;
if (base) log(`A/B: base ${base.commit.slice(0, 10)} (${base.subject}) is ready`);

const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const runsPart = (name) => !only || only.includes(name);
const allScenarios = base ? withBaseScenarios(SCENARIOS) : SCENARIOS;
let scenarios = only ? allScenarios.filter(([fw, v]) => only.includes(`${fw}:${v}`)) : allScenarios;
const startedAt = new Date();
const load = loadavg();
log(
  `load average ${load.map((n) => n.toFixed(2)).join(' ')}; ${pinned ? 'pinned: servers on CPU 0, load generator, issuer and Redis on CPU 1' : 'NOT pinned (no taskset or < 2 CPUs)'}`,
);

// The test issuer (JWKS, users, API-key verification) in its own process, beside the load generator.
log(`starting the test issuer and minting ${POOL_SIZE.toLocaleString('en-US')} tokens…`);
const [issuerCommand, issuerArgs] = pinArgs([join(HERE, 'issuer.js')], LOAD_CPU);
const issuer = spawn(issuerCommand, issuerArgs, {
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  env: { ...process.env, BENCH_POOL_SIZE: String(POOL_SIZE) },
});
const { fixturePath, poolPath } = await waitFor(issuer, 'ready');
const fixture = JSON.parse(readFileSync(fixturePath, 'utf8'));
/** Backend API calls the issuer has answered so far: user lookups, machine-token verifications, JWKS. */
async function backendCalls() {
  const reply = waitFor(issuer, 'stats');
  issuer.send({ type: 'stats' });
  const { stats } = await reply;
  return stats.apiRequests + stats.machineVerifications + stats.jwksRequests;
}

// The Redis of the lookup route's `user-redis` scenario; without redis-server, that row is skipped.
const skipped = [];
let redis;
if (scenarios.some(([, v]) => needsRedis(v))) {
  if (redisServerAvailable()) {
    redis = await startRedisServer({ cpu: LOAD_CPU });
    log(`redis-server on ${redis.url}`);
  } else {
    const names = scenarios.filter(([, v]) => needsRedis(v)).map(([fw, v]) => `${fw}:${v}`);
    const line = `no redis-server on this machine (apt-get install redis-server): skipped ${names.join(', ')}`;
    log(`!!! ${line}`);
    skipped.push(line);
    scenarios = scenarios.filter(([, v]) => !needsRedis(v));
  }
}

/** A long-lived in-process child (micro.js, layer.js) on the servers' core, answering rounds. */
async function startRoundChild(file, args = [], baseCase = false) {
  const [command, commandArgs] = pinArgs([...IDLE_QUIET_FLAGS, join(HERE, file), ...args]);
  const env = childEnv(fixturePath, poolPath);
  if (baseCase) env.BENCH_MODULES_FROM = base.modulesFrom; // see lib/modules.js
  const child = spawn(command, commandArgs, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env,
  });
  await waitFor(child, 'ready');
  return child;
}
async function roundOf(child, message, into) {
  const reply = waitFor(child, 'round-done');
  child.send({ type: 'round', ...message });
  const { results } = await reply;
  for (const [name, value] of Object.entries(results)) {
    into[name] ??= [];
    into[name].push(value);
  }
}
const micro = runsPart('micro') ? await startRoundChild('micro.js') : undefined;
// The in-process layer cost: processes per framework and group (see layer.js), taking turns.
const layers = [];
if (runsPart('layer')) {
  for (const args of layerProcesses(Boolean(base))) {
    layers.push(await startRoundChild('layer.js', args, args[2] === 'base'));
  }
}

const microRuns = {};
const layerRuns = {};
const memoryRuns = [];
const httpRuns = {};
const failures = [];

// Every scenario's server is started and warmed up once, then kept for all rounds.
const servers = new Map();
const warmupFailures = new Map();
for (const [framework, variant] of scenarios) {
  const key = `${framework}:${variant}`;
  log(`starting and warming up ${key}`);
  const server = await startServer({
    framework,
    variant,
    fixture,
    fixturePath,
    serverCpu: SERVER_CPU,
    redisUrl: redis?.url,
    modulesFrom: isBase(variant) ? base.modulesFrom : undefined,
  });
  servers.set(key, server);
  warmupFailures.set(
    key,
    await warmUp(server, { durationSec: HTTP_WARMUP_SECONDS, connections: CONNECTIONS }),
  );
}

for (let round = 0; round < ROUNDS; round++) {
  if (micro) {
    log(`round ${round + 1}/${ROUNDS}: micro`);
    await roundOf(micro, { seconds: MICRO_SECONDS, warmupSeconds: MICRO_WARMUP_SECONDS }, microRuns);
    log(`round ${round + 1}/${ROUNDS}: memory`);
    memoryRuns.push(await runMemory(fixturePath, poolPath));
  }
  for (let i = 0; i < layers.length; i++) {
    const layer = layers[(i + round) % layers.length];
    const args = layer.spawnargs.slice(layer.spawnargs.indexOf(join(HERE, 'layer.js')) + 1);
    log(`round ${round + 1}/${ROUNDS}: in-process layer cost (${args.join(' ')})`);
    await roundOf(layer, { seconds: LAYER_SECONDS, warmupSeconds: round === 0 ? 0.5 : 0.1 }, layerRuns);
  }

  // Each scenario's time is split into turns that alternate with the other scenarios' (its server
  // stays up between turns), and the order rotates each round: a slow spell of the shared cores falls
  // on every scenario alike, so bare, ours and the peers of one framework are compared like for like.
  const offset = Math.floor((round * scenarios.length) / ROUNDS);
  const order = scenarios.map((_, i) => scenarios[(i + offset) % scenarios.length]);
  const turns = Object.fromEntries(order.map(([fw, v]) => [`${fw}:${v}`, []]));
  for (let turn = 0; turn < HTTP_TURNS; turn++) {
    for (const [framework, variant] of order) {
      const key = `${framework}:${variant}`;
      turns[key].push(
        await measureTurn(servers.get(key), {
          durationSec: HTTP_SECONDS / HTTP_TURNS,
          connections: CONNECTIONS,
          backendCalls,
        }),
      );
    }
  }
  for (const [framework, variant] of order) {
    const key = `${framework}:${variant}`;
    const result = combineTurns(turns[key], round === 0 ? warmupFailures.get(key) : undefined);
    httpRuns[key] ??= [];
    httpRuns[key].push(result);
    log(
      `round ${round + 1}/${ROUNDS}: ${key.padEnd(27)} ${Math.round(result.reqPerSec).toString().padStart(6)} req/s, p99 ${result.p99Ms} ms, ${result.cpuMicrosPerReq.toFixed(1)} µs CPU/req`,
    );
    if (result.failed) {
      const message = `${key} round ${round + 1}: NOT EVERY RESPONSE WAS A 200 WITH THE EXPECTED BODY: ${JSON.stringify(result.failures)}`;
      failures.push(message);
      log(`!!! ${message}`);
    }
  }
}
for (const server of servers.values()) await stopServer(server);
micro?.send({ type: 'exit' });
for (const layer of layers) layer.send({ type: 'exit' });
await redis?.stop();

// CPU profiles of our adapters under load (repeated token): what runs per request.
const profiles = {};
if (process.env.BENCH_PROFILE !== '0') {
  const profileDir = join(RESULTS_DIR, 'profiles');
  rmSync(profileDir, { recursive: true, force: true });
  // BENCH_PROFILE_VARIANTS (default `ours`): which variants of each framework to profile.
  const profiled = (process.env.BENCH_PROFILE_VARIANTS ?? 'ours').split(',').map((v) => v.trim());
  for (const [framework, variant] of scenarios.filter(([, v]) => profiled.includes(v))) {
    const name = variant === 'ours' ? framework : `${framework}-${variant}`;
    const dir = join(profileDir, name);
    mkdirSync(dir, { recursive: true });
    log(`profiling ${framework}:${variant}`);
    const result = await runScenario({
      framework,
      variant,
      fixture,
      fixturePath,
      serverCpu: SERVER_CPU,
      durationSec: 3,
      warmupSec: 1,
      connections: CONNECTIONS,
      cpuProfileDir: dir,
    });
    if (result.failed)
      failures.push(`${framework}:${variant} (profiled): ${JSON.stringify(result.failures)}`);
    profiles[name] = scanProfile(dir, result.window);
  }
}
issuer.send({ type: 'exit' });

const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: new Date().toISOString(),
  node: process.version,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model,
  loadAverageAtStart: load,
  loadAverageAtEnd: loadavg(),
  pinned,
  // The A/B mode's base revision (its cases are the `…-base` keys of `http` and `layer`).
  base: base && { rev: base.rev, commit: base.commit, subject: base.subject },
  settings: {
    rounds: ROUNDS,
    httpSeconds: HTTP_SECONDS,
    httpTurns: HTTP_TURNS,
    microSeconds: MICRO_SECONDS,
    layerSeconds: LAYER_SECONDS,
    connections: CONNECTIONS,
  },
  micro: Object.fromEntries(Object.entries(microRuns).map(([k, v]) => [k, summarize(v)])),
  layer: Object.fromEntries(Object.entries(layerRuns).map(([k, v]) => [k, summarize(v)])),
  // The default the `apikey-ours` servers run with, read from the core rather than copied.
  machineTokenCacheTtlInMs: createAuthenticator({ jwtKey: fixture.publicKeyPem }).options
    .machineTokenCacheTtlInMs,
  skipped,
  memory:
    memoryRuns.length === 0
      ? {}
      : {
          tokens: memoryRuns[0].tokens,
          requestBytes: summarize(memoryRuns.map((m) => m.requestBytes)),
          verifyTokenBytes: summarize(memoryRuns.map((m) => m.verifyTokenBytes)),
          onceBytes: summarize(memoryRuns.map((m) => m.onceBytes)),
        },
  http: Object.fromEntries(
    Object.entries(httpRuns).map(([k, runs]) => [
      k,
      {
        reqPerSec: summarize(runs.map((r) => r.reqPerSec)),
        p99Ms: summarize(runs.map((r) => r.p99Ms)),
        cpuMicrosPerReq: summarize(runs.map((r) => r.cpuMicrosPerReq)),
        sent: runs.reduce((n, r) => n + r.sent, 0),
        served: runs.reduce((n, r) => n + r.served, 0),
        backendCalls: runs.reduce((n, r) => n + r.calls, 0),
        // Wall clock from the first measured turn to the last, over all rounds.
        spanMs: Math.max(...runs.map((r) => r.stoppedAt)) - Math.min(...runs.map((r) => r.startedAt)),
        failures: runs.reduce((n, r) => n + Object.values(r.failures).reduce((a, b) => a + b, 0), 0),
        // Answers by status code over all measured turns (an unchecked variant's only record of them).
        statuses: runs.reduce((all, r) => {
          for (const [code, count] of Object.entries(r.statuses)) all[code] = (all[code] ?? 0) + count;
          return all;
        }, {}),
      },
    ]),
  ),
  profiles,
  failures,
};
const markdown = renderReport(report);
writeFileSync(join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
writeFileSync(join(RESULTS_DIR, 'latest.md'), markdown);
process.stdout.write(markdown);
if (failures.length > 0) {
  process.stderr.write(
    `\n!!! ${failures.length} scenario run(s) had non-2xx responses, errors or wrong bodies:\n`,
  );
  for (const f of failures) process.stderr.write(`!!! ${f}\n`);
  process.exitCode = 1;
}
