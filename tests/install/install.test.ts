// Install from a checkout, as the READMEs say: pack every package, `npm install` the tarballs into
// a new project, and run a user's ten-line Express and Hono apps from them. A file missing from a
// package's published files, or a `workspace:` range left in one, fails here.
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type Running, run, startServer } from '../demo/processes.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const apps = fileURLToPath(new URL('./apps/', import.meta.url));
// Packing and a first `npm install` (126 packages from the registry, or its cache) take 10–40 s.
const INSTALL_TIMEOUT_MS = 180_000;

const ADAPTER_EXPORTS = [
  'clerkMiddleware',
  'getAuth',
  'requireAuth',
  'requireReverification',
  'createRouteMatcher',
  'reverificationPresets',
  'TokenVerificationError',
  'ConfigurationError',
  'clerkClient',
  'createClerkClient',
];
// Each package's `/webhooks` subpath, as Clerk's `@clerk/<framework>/webhooks`.
const WEBHOOKS_EXPORTS = ['verifyWebhook', 'WebhookVerificationError', 'isWebhookEventType'];
const EXPECTED_EXPORTS: Record<string, string[]> = {
  '@sessionguard/core': ['createAuthenticator', 'verifyToken', 'createRouteMatcher', 'ConfigurationError'],
  // The subpath the adapters build on (an `exports` entry of the core).
  '@sessionguard/core/adapter': ['createAuthenticateAndAttach', 'createTenantResolver', 'isPromise'],
  '@sessionguard/core/webhooks': WEBHOOKS_EXPORTS,
  '@sessionguard/connect': ADAPTER_EXPORTS,
  '@sessionguard/connect/webhooks': WEBHOOKS_EXPORTS,
  '@sessionguard/express': ADAPTER_EXPORTS,
  '@sessionguard/express/webhooks': WEBHOOKS_EXPORTS,
  '@sessionguard/fastify': [...ADAPTER_EXPORTS, 'clerkPlugin'],
  '@sessionguard/fastify/webhooks': WEBHOOKS_EXPORTS,
  '@sessionguard/hono': ADAPTER_EXPORTS,
  '@sessionguard/hono/webhooks': WEBHOOKS_EXPORTS,
  '@sessionguard/testing': ['createTestIssuer'],
  '@sessionguard/redis': ['createRedisStore'],
};

/** Every file a package.json points at: `main`, `types` and each target under `exports`. */
function entryPoints(manifest: Record<string, unknown>): string[] {
  const targets: string[] = [];
  const walk = (value: unknown) => {
    if (typeof value === 'string') targets.push(value);
    else if (value && typeof value === 'object') for (const inner of Object.values(value)) walk(inner);
  };
  walk([manifest.main, manifest.types, manifest.exports]);
  return targets.filter((target) => !target.includes('*'));
}

async function expectOk(result: Promise<{ code: number | null; stdout: string; stderr: string }>) {
  const { code, stdout, stderr } = await result;
  expect(code, `${stdout}\n${stderr}`).toBe(0);
  return stdout;
}

describe('install from a checkout: pnpm pack, npm install, run', () => {
  let project: string;
  let issuer: TestIssuer;
  const servers: Running[] = [];

  beforeAll(async () => {
    project = await mkdtemp(join(tmpdir(), 'sessionguard-install-'));
    const tarballs = join(project, 'tarballs');
    // process.env keeps npm_execpath, so `pnpm test` packs with the pnpm that runs it.
    await expectOk(
      run(process.execPath, [join(root, 'scripts/pack.mjs'), '--out-dir', tarballs], {
        cwd: root,
        env: process.env,
      }),
    );
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'sessionguard-install-check', private: true, type: 'module' }),
    );
    const files = (await readdir(tarballs)).map((file) => `./tarballs/${file}`);
    await expectOk(
      run(
        'npm',
        [
          'install',
          '--no-audit',
          '--no-fund',
          '--ignore-scripts',
          '--loglevel=error',
          ...files,
          'express@^5',
          'hono@^4',
          '@hono/node-server@^1',
        ],
        { cwd: project },
      ),
    );
    for (const file of ['express-app.mjs', 'hono-app.mjs', 'exports.mjs'])
      await copyFile(join(apps, file), join(project, file));
    issuer = await createTestIssuer();
  }, INSTALL_TIMEOUT_MS);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.stop()));
    await issuer?.close();
    if (project) await rm(project, { recursive: true, force: true });
  });

  it('installs every package with its published entry points and no workspace: range', async () => {
    const installed = (await readdir(join(project, 'node_modules/@sessionguard'))).sort();
    expect(installed).toEqual(
      [...new Set(Object.keys(EXPECTED_EXPORTS).map((name) => name.split('/')[1]))].sort(),
    );
    for (const name of installed) {
      const dir = join(project, 'node_modules/@sessionguard', name);
      const text = await readFile(join(dir, 'package.json'), 'utf8');
      expect(text, name).not.toContain('workspace:');
      const targets = entryPoints(JSON.parse(text));
      expect(targets.length, name).toBeGreaterThan(0);
      for (const target of targets)
        await expect(readFile(join(dir, target)), `${name}: ${target}`).resolves.toBeTruthy();
    }
  });

  it('imports every package by name from the project and finds the names the SPEC lists', async () => {
    const stdout = await expectOk(
      run(process.execPath, ['exports.mjs', ...Object.keys(EXPECTED_EXPORTS)], { cwd: project }),
    );
    const exported: Record<string, string[]> = JSON.parse(stdout);
    for (const [name, expected] of Object.entries(EXPECTED_EXPORTS))
      expect(exported[name], name).toEqual(expect.arrayContaining(expected));
  });

  it('every README installs from ./tarballs, never from npm, and names each tarball a package needs', async () => {
    const tarballs = new Set(await readdir(join(project, 'tarballs')));
    const readmes = [
      'README.md',
      ...(await readdir(join(root, 'packages'))).map((dir) => `packages/${dir}/README.md`),
    ];
    let lines = 0;
    for (const readme of readmes) {
      const text = await readFile(join(root, readme), 'utf8').catch(() => '');
      expect(text, readme).not.toMatch(/npm (install|i)( -D)? @sessionguard\//);
      for (const [line] of text.matchAll(/^npm install .*$/gm)) {
        const named = [...line.matchAll(/\.\/tarballs\/(sessionguard-[a-z]+)\.tgz/g)].map(
          (match) => match[1],
        );
        expect(named.length, `${readme}: ${line}`).toBeGreaterThan(0);
        for (const tarball of named) {
          expect(tarballs, `${readme}: ${line}`).toContain(`${tarball}.tgz`);
          // Its own @sessionguard dependencies are on the same line: npm cannot fetch them.
          const manifest = JSON.parse(
            await readFile(
              join(project, 'node_modules/@sessionguard', tarball.slice(13), 'package.json'),
              'utf8',
            ),
          );
          for (const dependency of Object.keys(manifest.dependencies ?? {}).filter((name) =>
            name.startsWith('@sessionguard/'),
          ))
            expect(named, `${readme}: ${line}`).toContain(dependency.replace('@', '').replace('/', '-'));
        }
        lines += 1;
      }
    }
    expect(lines).toBeGreaterThanOrEqual(readmes.length);
  });

  for (const app of ['express-app.mjs', 'hono-app.mjs']) {
    it(`${app}: a token from the test issuer gets 200, no token gets 401`, async () => {
      const server = await startServer(process.execPath, [app], {
        cwd: project,
        env: cleanEnv({ CLERK_JWKS_URL: issuer.jwksUrl }),
        ready: /listening on (\d+)/,
      });
      servers.push(server);
      const url = `http://127.0.0.1:${server.ready[1]}/me`;
      const token = await issuer.mintSessionToken({ userId: 'user_installed' });

      const signedIn = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(signedIn.status).toBe(200);
      expect(await signedIn.json()).toEqual({ userId: 'user_installed' });

      const signedOut = await fetch(url);
      expect(signedOut.status).toBe(401);
      expect(signedOut.headers.get('www-authenticate')).toBe('Bearer');
      expect(await signedOut.json()).toEqual({ error: 'unauthenticated', reason: 'session-token-missing' });
    });
  }
});
