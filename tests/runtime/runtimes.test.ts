/**
 * SPEC §1 and §2.1: the core's default build (WebCrypto and fetch only) and the Hono adapter run on
 * Deno (without --allow-env: explicit options need no env access), Bun and workerd. Each runtime
 * verifies RS256 and ES256 tokens against the test issuer's JWKS (served by this Node process on
 * 127.0.0.1) and refuses an expired and a tampered one, through the core and through a Hono app.
 * Each also verifies the test issuer's webhook deliveries (SPEC §10: standardwebhooks, no node:
 * module) through the core and through a Hono route, and refuses a replayed, a tampered and a
 * stale one.
 *
 * Runtimes come from SESSIONGUARD_DENO / SESSIONGUARD_BUN / SESSIONGUARD_WORKERD (.ci/run installs
 * them from npm), else from PATH. Locally a missing runtime is skipped with a line saying so; under
 * CI=true, or when its variable names a path that is not there, it fails.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { build } from 'rolldown';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const ALGORITHMS = ['RS256', 'ES256'] as const;
const ON_CI = /^(1|true)$/i.test(process.env.CI ?? '');

const RUNTIMES = [
  { name: 'deno', binary: 'deno', env: 'SESSIONGUARD_DENO' },
  { name: 'bun', binary: 'bun', env: 'SESSIONGUARD_BUN' },
  { name: 'workerd', binary: 'workerd', env: 'SESSIONGUARD_WORKERD' },
] as const;
type RuntimeName = (typeof RUNTIMES)[number]['name'];

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The configured path (a configured runtime that is not there is an error), else one on PATH. */
function locate(runtime: (typeof RUNTIMES)[number]): { path: string } | { missing: string } {
  const configured = process.env[runtime.env];
  if (configured) {
    return isExecutable(configured)
      ? { path: configured }
      : { missing: `${runtime.env}=${configured} is not an executable` };
  }
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, runtime.binary);
    if (dir && isExecutable(candidate)) return { path: candidate };
  }
  return { missing: `not found (set ${runtime.env}, or npm install --prefix <dir> ${runtime.name})` };
}

type Delivery = { headers: Record<string, string>; body: string };
type WebhookResults = Record<'valid' | 'replayed' | 'tampered' | 'stale', string>;
interface Input {
  issuers: Array<{ alg: string; jwksUrl: string; tokens: Record<'valid' | 'expired' | 'tampered', string> }>;
  webhooks: {
    signingSecret: string;
    now: number;
    core: Record<string, Delivery>;
    hono: Record<string, Delivery>;
  };
}
interface Output {
  cryptoRuntime: string;
  envRefused: boolean;
  results: Record<string, { core: Record<string, string>; hono: Record<string, string> }>;
  webhooks: { core: WebhookResults; hono: WebhookResults };
}

/** Valid, the same again, a tampered body and a stale timestamp, each with its own id. */
function webhookDeliveries(issuer: TestIssuer, now: number): Record<string, Delivery> {
  const event = { type: 'user.updated', data: { object: 'user', id: 'user_rt' } };
  const valid = issuer.signWebhook(event, { timestamp: now });
  const tampered = issuer.signWebhook(event, { timestamp: now });
  return {
    valid,
    replayed: valid,
    tampered: { ...tampered, body: tampered.body.replace('user_rt', 'user_xx') },
    stale: issuer.signWebhook(event, { timestamp: now - 301, headerNames: 'webhook' }),
  };
}

let issuers: TestIssuer[] = [];
let input: Input;
let scratch: string;

beforeAll(async () => {
  issuers = await Promise.all(ALGORITHMS.map((alg) => createTestIssuer({ alg })));
  const now = Math.floor(Date.now() / 1000);
  input = {
    issuers: await Promise.all(
      issuers.map(async (issuer, i) => {
        const alg = ALGORITHMS[i] as string;
        const valid = await issuer.mintSessionToken({ userId: `user_${alg}`, expiresInSeconds: 600 });
        const expired = await issuer.mintSessionToken({ userId: 'user_old', issuedAt: now - 3600 });
        const [header, , signature] = valid.split('.');
        const [, otherPayload] = (await issuer.mintSessionToken({ userId: 'user_admin' })).split('.');
        return {
          alg,
          jwksUrl: issuer.jwksUrl,
          tokens: { valid, expired, tampered: `${header}.${otherPayload}.${signature}` },
        };
      }),
    ),
    webhooks: {
      signingSecret: (issuers[0] as TestIssuer).webhookSigningSecret,
      now: now * 1000,
      core: webhookDeliveries(issuers[0] as TestIssuer, now),
      hono: webhookDeliveries(issuers[0] as TestIssuer, now),
    },
  };
  scratch = mkdtempSync(join(tmpdir(), 'sessionguard-runtimes-'));
});

afterAll(async () => {
  await Promise.all(issuers.map((issuer) => issuer.close()));
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function expectVerdicts(output: Output): void {
  expect(output.cryptoRuntime).toBe('webcrypto');
  expect(output.webhooks).toEqual({
    core: {
      valid: 'user.updated',
      replayed: 'webhook-replayed',
      tampered: 'webhook-signature-invalid',
      stale: 'webhook-timestamp-out-of-tolerance',
    },
    hono: {
      valid: '200 user.updated user.updated',
      replayed: '400 webhook-replayed',
      tampered: '400 webhook-signature-invalid',
      stale: '400 webhook-timestamp-out-of-tolerance',
    },
  });
  for (const alg of ALGORITHMS) {
    expect(output.results[alg], alg).toEqual({
      core: {
        valid: `signed-in user_${alg}`,
        expired: 'signed-out token-expired',
        tampered: 'signed-out token-invalid-signature',
      },
      hono: {
        valid: `200 user_${alg}`,
        expired: '401 token-expired',
        tampered: '401 token-invalid-signature',
      },
    });
  }
}

/** Deno and Bun run fixtures/cli.js; async, so this process's issuer can answer their JWKS fetches. */
async function runCli(command: string, args: string[]): Promise<Output> {
  // The tokens go through stdin, so that a failing command line does not print them.
  const pending = run(command, [...args, 'cli.js'], {
    cwd: FIXTURES,
    env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
    timeout: 30_000,
  });
  pending.child.stdin?.end(JSON.stringify(input));
  const { stdout } = await pending;
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Output;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

/** workerd serves fixtures/worker.js, bundled with the workers' export conditions, on 127.0.0.1. */
async function runWorkerd(binary: string): Promise<Output> {
  await build({
    input: join(FIXTURES, 'worker.js'),
    platform: 'browser',
    resolve: { conditionNames: ['workerd', 'worker', 'browser', 'import', 'default'] },
    logLevel: 'warn',
    output: { file: join(scratch, 'worker.bundle.js'), format: 'esm' },
  });
  const port = await freePort();
  writeFileSync(
    join(scratch, 'config.capnp'),
    `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .worker),
    # The test issuer listens on loopback; workerd's default outbound reaches public addresses only.
    (name = "loopback", network = (allow = ["local"])),
  ],
  sockets = [(name = "http", address = "127.0.0.1:${port}", http = (), service = "main")],
);
const worker :Workerd.Worker = (
  modules = [(name = "worker", esModule = embed "worker.bundle.js")],
  compatibilityDate = "2025-09-01",
  globalOutbound = "loopback",
);
`,
  );
  const abort = new AbortController();
  let exited: string | undefined;
  const child = execFile(
    binary,
    ['serve', 'config.capnp'],
    { cwd: scratch, signal: abort.signal },
    (error) => {
      exited = error ? error.message : 'exited';
    },
  );
  try {
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/`, {
          method: 'POST',
          body: JSON.stringify(input),
        });
        const output = (await response.json()) as Output & { error?: string };
        if (output.error !== undefined) throw new Error(`worker failed: ${output.error}`);
        return output;
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('worker failed')) throw error;
        if (exited !== undefined && !abort.signal.aborted) throw new Error(`workerd stopped: ${exited}`);
        if (Date.now() > deadline) throw new Error('workerd did not answer within 15 s');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    abort.abort();
    child.kill();
  }
}

const checks: Record<RuntimeName, (binary: string) => Promise<void>> = {
  async deno(binary) {
    // No --allow-env: the runtime refuses every env read, and the core must count them unset.
    const output = await runCli(binary, ['run', '--no-prompt', '--allow-net=127.0.0.1']);
    expect(output.envRefused).toBe(true);
    expectVerdicts(output);
  },
  async bun(binary) {
    expectVerdicts(await runCli(binary, []));
  },
  async workerd(binary) {
    expectVerdicts(await runWorkerd(binary));
  },
};

describe('the default build and the Hono adapter on other runtimes', () => {
  for (const runtime of RUNTIMES) {
    const found = locate(runtime);
    const title = `${runtime.name}: RS256 and ES256 from a local JWKS; expired and tampered refused; webhooks verified`;
    if ('path' in found) {
      it(title, () => checks[runtime.name](found.path), 60_000);
    } else if (ON_CI || process.env[runtime.env]) {
      it(title, () => {
        throw new Error(`${runtime.name} is needed here: ${found.missing} (.ci/run installs it from npm)`);
      });
    } else {
      console.log(`[runtime test] skipped ${runtime.name}: ${found.missing}`);
      it.skip(title, () => {});
    }
  }
});
