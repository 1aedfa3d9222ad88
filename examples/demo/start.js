#!/usr/bin/env node
// Starts the demo: `node start.js [--framework express|connect|fastify|hono] [--port 3000] [--host 127.0.0.1]
// [--instance development|production] [--session-lifetime 60]`.
// The root `pnpm demo` adds `--build`: the arguments and the port are checked first, then the
// packages are built, then the demo starts. Every mistake is one line on stderr, never a stack.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pnpmCommand } from '../../scripts/pnpm.mjs';
import { parseDemoArgs } from './args.js';
import { DemoError } from './errors.js';
import { assertCanListen } from './listen.js';

const root = fileURLToPath(new URL('../../', import.meta.url));

function build() {
  const pnpm = pnpmCommand();
  const result = spawnSync(pnpm.command, [...pnpm.args, 'run', 'build'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0)
    throw new DemoError(`demo: the build failed (${result.error?.message ?? result.status})`);
}

async function main() {
  const args = parseDemoArgs(process.argv.slice(2));
  await assertCanListen(args.port, args.host);
  if (args.build) build();
  // Imported only now: demo.js needs the built packages.
  const { startDemo } = await import('./demo.js');
  const demo = await startDemo(args);
  const curl = (await demo.curlLines()).map((line) => (line ? `  ${line}` : '')).join('\n');

  console.log(`
sessionguard demo (${demo.framework}, ${demo.instance} instance)
  app + page    ${demo.url}  (listening on ${args.host})
  account page  ${demo.url}/account  (server-rendered, through the handshake)
  test issuer   ${demo.issuer.url}  (Frontend API, JWKS ${demo.issuer.jwksUrl}, Backend API ${demo.issuer.url}/v1)
  sessions      ${args.sessionLifetimeInSeconds} s

Open ${demo.url} in a browser, or try the API (tokens for the demo user, good for an hour):

${curl}

Ctrl-C stops it.`);

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, async () => {
      await demo.close();
      process.exit(0);
    });
  }
}

main().catch((error) => {
  if (!(error instanceof DemoError)) throw error;
  console.error(error.message);
  process.exitCode = error.exitCode;
});
