import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { isChecked, requestFor } from './scenarios.js';
import { median } from './stats.js';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), '..', 'server.js');

function request(child, message, replyType) {
  return new Promise((resolve, reject) => {
    const onMessage = (reply) => {
      if (reply.type !== replyType) return;
      cleanup();
      resolve(reply);
    };
    const onExit = (code) => {
      cleanup();
      reject(new Error(`server exited (${code}) while waiting for ${replyType}`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
    if (message) child.send(message);
  });
}

function cannon(options) {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/**
 * Node flags for every long-lived child that waits idle while others are measured on the same core.
 * V8's memory reducer runs a full GC in a process some 20 s after its load stops (measured: 60–90 ms
 * of CPU in an idle Clerk server), and that would land in another scenario's turn. Under load it
 * never runs, so turning it off changes nothing that a turn measures.
 */
export const IDLE_QUIET_FLAGS = ['--no-memory-reducer'];

/** Wait after each turn's load (see measureTurn): above the issuer's few ms per answer. */
const SETTLE_MS = 50;

/**
 * A scenario's server: a child process pinned to the server core, kept for the whole run so that its
 * turns can alternate with the other scenarios' (see run.js).
 */
export async function startServer({
  framework,
  variant,
  fixture,
  fixturePath,
  serverCpu,
  cpuProfileDir,
  redisUrl,
  modulesFrom,
}) {
  const nodeArgs = [...IDLE_QUIET_FLAGS];
  if (cpuProfileDir) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${cpuProfileDir}`);
  const args = [...nodeArgs, SERVER, framework, variant];
  const [command, commandArgs] =
    serverCpu === undefined
      ? [process.execPath, args]
      : ['taskset', ['-c', String(serverCpu), process.execPath, ...args]];
  const child = spawn(command, commandArgs, {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: {
      ...process.env,
      BENCH_FIXTURE: fixturePath,
      NODE_ENV: 'production',
      CLERK_TELEMETRY_DISABLED: '1',
      ...(redisUrl ? { BENCH_REDIS_URL: redisUrl } : {}),
      // A base variant's server loads our packages from the base revision's tree (A/B mode).
      ...(modulesFrom ? { BENCH_MODULES_FROM: modulesFrom } : {}),
    },
  });
  try {
    const { port } = await request(child, null, 'ready');
    const { path, headers, expectBody } = requestFor(variant, fixture);
    return {
      child,
      // An unchecked variant's answers are only counted by status (lib/scenarios.js).
      checked: isChecked(variant),
      base: {
        url: `http://127.0.0.1:${port}${path}`,
        pipelining: 1,
        headers,
        ...(expectBody === undefined ? {} : { expectBody }),
      },
    };
  } catch (error) {
    await stopServer({ child });
    throw error;
  }
}

export async function stopServer({ child }) {
  if (child.exitCode !== null) return;
  child.send({ type: 'exit' });
  const exited = once(child, 'exit');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function failuresOf(...results) {
  const sum = (field) => results.reduce((n, r) => n + (r[field] ?? 0), 0);
  return {
    non2xx: sum('non2xx'),
    errors: sum('errors'),
    timeouts: sum('timeouts'),
    mismatches: sum('mismatches'),
  };
}

/**
 * The failure counts of results. An unchecked variant's answers are only counted by status, so its
 * non-2xx answers are not failures (its errors and timeouts still are).
 */
const failuresFor = (server, ...results) =>
  server.checked ? failuresOf(...results) : { ...failuresOf(...results), non2xx: 0, mismatches: 0 };

/** Answers by status code (`{ '200': n, … }`). */
const statusCounts = (result) =>
  Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, { count }]) => [code, count]));

/** Load without measuring (JIT warm-up); returns the failure counts, which still count. */
export async function warmUp(server, { durationSec, connections }) {
  return failuresFor(server, await cannon({ ...server.base, connections, duration: durationSec }));
}

/**
 * One measured turn. Every response must be a 200 whose body is the expected one (lib/scenarios.js);
 * anything else is counted as a failure. `backendCalls` (optional) reads the issuer's count of
 * Backend API calls; read before and after the turn, while no other scenario is under load.
 */
/**
 * The issuer's count once it has stopped moving: the previous turn's server (another scenario,
 * Clerk's say, whose p99 is longer than SETTLE_MS) may still be finishing calls, which are not
 * this turn's. Bounded: at most 40 settles.
 */
async function settledCalls(backendCalls) {
  let last = await backendCalls();
  for (let i = 0; i < 40; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const current = await backendCalls();
    if (current === last) return current;
    last = current;
  }
  return last;
}

export async function measureTurn(server, { durationSec, connections, backendCalls }) {
  const callsBefore = backendCalls ? await settledCalls(backendCalls) : 0;
  await request(server.child, { type: 'start' }, 'started');
  const startedAt = Date.now();
  const result = await cannon({ ...server.base, connections, duration: durationSec });
  // autocannon stops with up to `connections` requests unanswered; the server still finishes them
  // (a Backend API call included). Let them reach the route before the counts are read, or the
  // issuer would count calls of requests the server's count leaves out.
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const { cpuMicros, requests, window } = await request(server.child, { type: 'stop' }, 'stopped');
  const stoppedAt = Date.now();
  const calls = backendCalls ? (await backendCalls()) - callsBefore : 0;
  return {
    calls,
    startedAt,
    stoppedAt,
    sent: result.requests.total,
    // As autocannon ran, which can overrun `duration` up to its next one-second tick.
    seconds: (new Date(result.finish) - new Date(result.start)) / 1000,
    p99Ms: result.latency.p99,
    cpuMicros,
    served: requests,
    failures: failuresFor(server, result),
    statuses: statusCounts(result),
    window,
  };
}

/** Sums a scenario's turns of one round into its figures for that round. */
export function combineTurns(turns, warmupFailures = failuresOf()) {
  const sum = (f) => turns.reduce((n, t) => n + f(t), 0);
  const failures = failuresOf(warmupFailures, ...turns.map((t) => t.failures));
  const served = sum((t) => t.served);
  const statuses = {};
  for (const turn of turns) {
    for (const [code, count] of Object.entries(turn.statuses)) statuses[code] = (statuses[code] ?? 0) + count;
  }
  return {
    statuses,
    calls: sum((t) => t.calls),
    // Wall clock from this round's first turn to its last (for the calls-per-TTL check).
    startedAt: Math.min(...turns.map((t) => t.startedAt)),
    stoppedAt: Math.max(...turns.map((t) => t.stoppedAt)),
    reqPerSec: sum((t) => t.sent) / sum((t) => t.seconds),
    p99Ms: median(turns.map((t) => t.p99Ms)),
    cpuMicrosPerReq: served > 0 ? sum((t) => t.cpuMicros) / served : Number.NaN,
    served,
    sent: sum((t) => t.sent),
    failures,
    failed: Object.values(failures).some((n) => n > 0),
  };
}

/** One scenario on its own: a fresh server, a warm-up and one measured turn (the CPU profiles). */
export async function runScenario({ durationSec, warmupSec, connections, ...serverOptions }) {
  const server = await startServer(serverOptions);
  try {
    const warm = await warmUp(server, { durationSec: warmupSec, connections });
    const turn = await measureTurn(server, { durationSec, connections });
    return { ...combineTurns([turn], warm), window: turn.window };
  } finally {
    await stopServer(server);
  }
}
