import { createServer } from 'node:http';
import { createTestIssuer } from '@sessionguard/testing';
import { assertFramework, FRAMEWORKS } from './args.js';
import { listen } from './listen.js';
import { createSessionRoutes, DEMO_ORG, DEMO_USER, mintDemoToken } from './session-routes.js';

export { FRAMEWORKS };

/** The address a browser opens: every loopback or "all interfaces" host reads as localhost. */
function pageHost(host) {
  if (['127.0.0.1', 'localhost', '0.0.0.0', '::'].includes(host)) return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

/** The address this process reaches its own server on (a wildcard listens on loopback too). */
function selfHost(host) {
  if (['0.0.0.0', '::', 'localhost'].includes(host)) return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the test issuer and one framework's app behind a single HTTP server: the page and
 * /demo/* (the stand-in for Clerk's front end) first, then the framework app. A busy port or a
 * foreign host rejects with a one-line DemoError, and nothing is left running.
 */
export async function startDemo({ framework = 'express', port = 3000, host = '127.0.0.1' } = {}) {
  assertFramework(framework);
  const server = createServer();
  await listen(server, port, host);
  const url = `http://${pageHost(host)}:${server.address().port}`;

  let issuer;
  try {
    issuer = await createTestIssuer();
    issuer.addUser({ ...DEMO_USER });
    issuer.addOrganization({ ...DEMO_ORG });
    const { createApp } = await import(`./apps/${framework}.js`);
    const app = await createApp(
      {
        secretKey: issuer.secretKey,
        apiUrl: issuer.url,
        authorizedParties: [url, url.replace('localhost', '127.0.0.1')],
      },
      { signingSecret: issuer.webhookSigningSecret },
    );
    // Where the issuer delivers webhooks: this server, on an address this process can reach.
    const webhookUrl = `http://${selfHost(host)}:${server.address().port}/api/webhooks`;
    const sessionRoutes = createSessionRoutes(issuer, url, webhookUrl);
    server.on('request', async (req, res) => {
      if (!(await sessionRoutes(req, res))) app(req, res);
    });
  } catch (error) {
    // Leave nothing listening behind a demo that did not start.
    await new Promise((resolve) => server.close(resolve));
    await issuer?.close();
    throw error;
  }

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
