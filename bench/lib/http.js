import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

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
 * One round of one scenario: a fresh server child pinned to the server core, a warm-up, then a measured
 * run. Every response must be a 200 whose body is the user id; anything else is counted as a failure.
 */
export async function runScenario({
  framework,
  variant,
  fixture,
  fixturePath,
  serverCpu,
  durationSec,
  warmupSec,
  connections,
  cpuProfileDir,
}) {
  const nodeArgs = [];
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
    },
  });
  try {
    const { port } = await request(child, null, 'ready');
    const base = {
      url: `http://127.0.0.1:${port}/me`,
      connections,
      pipelining: 1,
      headers: { authorization: `Bearer ${fixture.token}` },
      expectBody: fixture.userId,
    };
    const warm = await cannon({ ...base, duration: warmupSec });
    await request(child, { type: 'start' }, 'started');
    const result = await cannon({ ...base, duration: durationSec });
    const { cpuMicros, requests, window } = await request(child, { type: 'stop' }, 'stopped');
    const failures = {
      non2xx: result.non2xx + warm.non2xx,
      errors: result.errors + warm.errors,
      timeouts: result.timeouts + warm.timeouts,
      mismatches: (result.mismatches ?? 0) + (warm.mismatches ?? 0),
    };
    return {
      reqPerSec: result.requests.total / durationSec,
      p99Ms: result.latency.p99,
      cpuMicrosPerReq: requests > 0 ? cpuMicros / requests : Number.NaN,
      served: requests,
      sent: result.requests.total,
      failures,
      failed: Object.values(failures).some((n) => n > 0),
      window,
    };
  } finally {
    if (child.exitCode === null) {
      child.send({ type: 'exit' });
      const exited = once(child, 'exit');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
  }
}
