// `pnpm demo` runs `node examples/demo/start.js --build …`: its arguments and its port are checked
// before the build, and every mistake is one line on stderr with a non-zero exit, never a stack.
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo } from '../../examples/demo/demo.js';
import { curlBlock, expectDemoAnswers } from './curl.js';
import { type Finished, run, startServer } from './processes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** Runs the demo as the root `demo` script does, with `--build`. */
const demo = (...args: string[]) =>
  run(process.execPath, ['examples/demo/start.js', '--build', ...args], { cwd: root });

/** One line on stderr and nothing on stdout: the build (which prints to stdout) never started. */
function expectOneLine(result: Finished, code: number): string {
  expect(result.code).toBe(code);
  expect(result.stdout).toBe('');
  expect(result.stderr).not.toMatch(/\n\s+at /);
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe('demo start-up checks', () => {
  let busy: Server;
  let busyPort: number;

  beforeAll(async () => {
    busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    busyPort = (busy.address() as { port: number }).port;
  });

  afterAll(async () => {
    await new Promise((resolve) => busy.close(resolve));
  });

  it('an unknown framework is one line listing the choices, exit 2, before the build', async () => {
    const line = expectOneLine(await demo('--framework', 'koa'), 2);
    expect(line).toBe('demo: unknown --framework "koa"; choose one of express, connect, fastify, hono');
  });

  it.each([['abc'], ['-1'], ['70000'], ['3000.5']])(
    '--port %s is one line, exit 2, before the build',
    async (port) => {
      const line = expectOneLine(await demo(`--port=${port}`), 2);
      expect(line).toBe(`demo: --port must be a whole number from 0 to 65535, not "${port}"`);
    },
  );

  it('an unknown --instance or a --session-lifetime that is not whole seconds is one line, exit 2', async () => {
    expect(expectOneLine(await demo('--instance', 'staging'), 2)).toBe(
      'demo: unknown --instance "staging"; choose one of development, production',
    );
    expect(expectOneLine(await demo('--session-lifetime', '0.5'), 2)).toBe(
      'demo: --session-lifetime must be a whole number of seconds from 1 to 86400, not "0.5"',
    );
  });

  it('an unknown option or a missing value names it and the options, exit 2', async () => {
    expect(expectOneLine(await demo('--frameworks', 'hono'), 2)).toMatch(
      /^demo: unknown option --frameworks \(options: --framework express\|connect\|fastify\|hono, --port/,
    );
    expect(expectOneLine(await demo('--port'), 2)).toMatch(/^demo: --port needs a value \(options: /);
  });

  it('a busy port is one line, exit 1, before the build', async () => {
    const line = expectOneLine(await demo('--port', String(busyPort)), 1);
    expect(line).toBe(
      `demo: port ${busyPort} on 127.0.0.1 is already in use; stop what holds it or choose another --port`,
    );
  });

  it('--host is where it listens: a host that is not this machine is one line, exit 1', async () => {
    const line = expectOneLine(await demo('--host', '192.0.2.1', '--port', '0'), 1);
    expect(line).toBe('demo: --host 192.0.2.1 is not an address of this machine; try 127.0.0.1 or 0.0.0.0');
  });

  it('startDemo itself rejects a busy port with the same one-line error', async () => {
    await expect(startDemo({ port: busyPort, host: '127.0.0.1' })).rejects.toMatchObject({
      name: 'DemoError',
      message: `demo: port ${busyPort} on 127.0.0.1 is already in use; stop what holds it or choose another --port`,
    });
  });

  it('starts on --host 127.0.0.1 --port 0 and serves the page and the API there', async () => {
    const server = await startServer(
      process.execPath,
      ['examples/demo/start.js', '--framework', 'hono', '--host', '127.0.0.1', '--port', '0'],
      { cwd: root, ready: /app \+ page\s+http:\/\/localhost:(\d+)\s+\(listening on 127\.0\.0\.1\)/ },
    );
    try {
      const base = `http://127.0.0.1:${server.ready[1]}`;
      const page = await fetch(base);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('sessionguard demo');
      const api = await fetch(`${base}/api/me`);
      expect(api.status).toBe(401);
      // A development instance (SPEC §12.3): a client with no dev browser yet; a fetch is never redirected.
      expect(api.headers.get('x-clerk-auth-reason')).toBe('dev-browser-missing');
    } finally {
      await server.stop();
    }
  });

  it('prints curl lines that export the tokens first and answer 200 and the step-up 403 when pasted', async () => {
    const server = await startServer(process.execPath, ['examples/demo/start.js', '--port', '0'], {
      cwd: root,
      ready: /Ctrl-C stops it\./,
    });
    try {
      const block = curlBlock(server.stdout());
      expect(server.stdout()).toMatch(/\n {2}export TOKEN=ey\S+\n {2}export STALE_TOKEN=ey\S+\n\n {2}curl /);
      await expectDemoAnswers(block);
    } finally {
      await server.stop();
    }
  });
});
