import { createServer } from 'node:http';
import { createTestIssuer } from '@sessionguard/testing';
import {
  assertFramework,
  assertInstance,
  assertSessionLifetime,
  DEFAULT_SESSION_LIFETIME,
  FRAMEWORKS,
} from './args.js';
import { serveAsset } from './assets.js';
import { curlLines } from './curl-lines.js';
import { listen } from './listen.js';
import { createSessionRoutes, DEMO_ORG, DEMO_USER, mintDemoToken } from './session-routes.js';

export { FRAMEWORKS };

/** The address a browser opens: every loopback or "all interfaces" host reads as `loopback`. */
function pageHost(host, loopback) {
  if (['127.0.0.1', 'localhost', '0.0.0.0', '::'].includes(host)) return loopback;
  return host.includes(':') ? `[${host}]` : host;
}

/** The address this process reaches its own server on (a wildcard listens on loopback too). */
function selfHost(host) {
  if (['0.0.0.0', '::', 'localhost'].includes(host)) return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/**
 * Starts the test issuer, playing Clerk's Frontend API for a development (default) or production
 * instance, and one framework's app behind a single HTTP server: /demo/* (the stand-in for Clerk's
 * front end) first, then the framework app, which serves the page, /account and the API. A busy
 * port or a foreign host rejects with a one-line DemoError, and nothing is left running.
 */
export async function startDemo({
  framework = 'express',
  port = 3000,
  host = '127.0.0.1',
  instance = 'development',
  sessionLifetimeInSeconds = DEFAULT_SESSION_LIFETIME,
} = {}) {
  assertFramework(framework);
  assertInstance(instance);
  assertSessionLifetime(sessionLifetimeInSeconds);
  const server = createServer();
  await listen(server, port, host);
  // Production hands the handshake back in a cookie of the Frontend API's host (Clerk: its domain),
  // so there the page must share the issuer's host, 127.0.0.1 (cookies are not isolated by port).
  const url = `http://${pageHost(host, instance === 'production' ? '127.0.0.1' : 'localhost')}:${server.address().port}`;
  const origins = [...new Set([url, url.replace('localhost', '127.0.0.1')])];

  let issuer;
  const mintToken = (options) => mintDemoToken(issuer, { azp: url, expiresInSeconds: 3600, ...options });
  try {
    issuer = await createTestIssuer({ instance, sessionLifetimeInSeconds });
    issuer.addUser({ ...DEMO_USER });
    issuer.addOrganization({ ...DEMO_ORG });
    // The Frontend API sends browsers back only to origins it knows (Clerk: the instance's domains).
    for (const origin of origins) issuer.allowOrigin(origin);
    const { createApp } = await import(`./apps/${framework}.js`);
    const app = await createApp(
      {
        // The publishable key makes it a Clerk browser-session app (SPEC §12): `__client_uat`, the
        // dev browser, the handshake; the secret key and apiUrl reach the issuer's Backend API.
        publishableKey: issuer.publishableKey,
        secretKey: issuer.secretKey,
        apiUrl: issuer.url,
        authorizedParties: origins,
        // A session shorter than the default 5 s of clock skew would outlive its own expiry.
        ...(sessionLifetimeInSeconds < 30 ? { clockSkewInMs: 0 } : {}),
      },
      { signingSecret: issuer.webhookSigningSecret },
    );
    // Where the issuer delivers webhooks: this server, on an address this process can reach.
    const webhookUrl = `http://${selfHost(host)}:${server.address().port}/api/webhooks`;
    const sessionRoutes = createSessionRoutes(issuer, {
      appUrl: url,
      webhookUrl,
      authorizedParties: origins,
      sessionLifetimeInSeconds,
      curlLines: () => curlLines(url, mintToken),
    });
    server.on('request', async (req, res) => {
      if (!serveAsset(req, res) && !(await sessionRoutes(req, res))) app(req, res);
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
    instance,
    issuer,
    mintToken,
    /** The terminal's and the page's curl lines, with fresh hour-long tokens. */
    curlLines: () => curlLines(url, mintToken),
    async close() {
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
      await issuer.close();
    },
  };
}
