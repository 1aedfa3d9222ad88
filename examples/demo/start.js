#!/usr/bin/env node
// Starts the demo: `node start.js [--framework express|connect|fastify|hono] [--port 3000]`.
import { parseArgs } from 'node:util';
import { startDemo } from './demo.js';

const { values } = parseArgs({
  options: { framework: { type: 'string', default: 'express' }, port: { type: 'string', default: '3000' } },
});

const demo = await startDemo({ framework: values.framework, port: Number(values.port) });
const good = await demo.mintToken({ fva: [0, 0] });
const stale = await demo.mintToken({ fva: [30, 30] });

console.log(`
sessionguard demo (${demo.framework})
  app + page    ${demo.url}
  test issuer   ${demo.issuer.url}  (JWKS ${demo.issuer.jwksUrl}, Backend API ${demo.issuer.url}/v1)

Open ${demo.url} in a browser, or try the API:

  # signed in: 200 with the auth object
  curl -s ${demo.url}/api/me -H 'Authorization: Bearer ${good}'

  # second factor 30 minutes old: 403 reverification-error (step-up needed)
  curl -s -X POST ${demo.url}/api/settings/password -H 'Authorization: Bearer ${stale}'

Ctrl-C stops it.`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, async () => {
    await demo.close();
    process.exit(0);
  });
}
