import { createServer } from 'node:http';
import { createTestIssuer } from '@sessionguard/testing';
import { createSessionRoutes, DEMO_ORG, DEMO_USER, mintDemoToken } from './session-routes.js';

export const FRAMEWORKS = ['express', 'connect', 'fastify', 'hono'];

/**
 * Starts the test issuer and one framework's app behind a single HTTP server: the page and
 * /demo/* (the stand-in for Clerk's front end) first, then the framework app.
 */
export async function startDemo({ framework = 'express', port = 3000, host = '127.0.0.1' } = {}) {
  if (!FRAMEWORKS.includes(framework)) throw new Error(`--framework must be one of ${FRAMEWORKS.join(', ')}`);
  const issuer = await createTestIssuer();
  issuer.addUser({ ...DEMO_USER });
  issuer.addOrganization({ ...DEMO_ORG });

  const server = createServer();
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const url = `http://localhost:${server.address().port}`;

  const { createApp } = await import(`./apps/${framework}.js`);
  const app = await createApp({
    secretKey: issuer.secretKey,
    apiUrl: issuer.url,
    authorizedParties: [url, url.replace('localhost', '127.0.0.1')],
  });
  const sessionRoutes = createSessionRoutes(issuer, url);
  server.on('request', async (req, res) => {
    if (!(await sessionRoutes(req, res))) app(req, res);
  });

  return {
    url,
    framework,
    issuer,
    mintToken: (options) => mintDemoToken(issuer, { azp: url, ...options }),
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await issuer.close();
    },
  };
}
