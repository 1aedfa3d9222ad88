import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clerkMiddleware, requireAuth } from '@sessionguard/express';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineIssuerPerFile, randomApiKeyLike } from './helpers.js';

// Issue 18 item 3 over HTTP, through Express's real router: a flood of distinct random `ak_…` strings
// at an app whose guard accepts API keys (lazy verification, SPEC §9.2) peaks at the cap at the issuer,
// and every answer is a 401 or a 503, never a 500; the same flood at a session-only route makes no call.
describe('a flood of random API keys over HTTP (SPEC §9.4)', () => {
  const files = machineIssuerPerFile();
  const FLOOD = 5_000;
  const CAP = 8;
  let server: Server;
  let origin: string;

  beforeAll(async () => {
    const { issuer } = files;
    const app = express();
    app.use(
      clerkMiddleware({
        jwksUrl: issuer.jwksUrl,
        secretKey: issuer.secretKey,
        apiUrl: issuer.url,
        machineVerifyConcurrency: CAP,
        apiTimeoutInMs: 2_000,
      }),
    );
    app.get('/keys', requireAuth({ acceptsToken: 'api_key' }), (_req, res) => {
      res.send('in');
    });
    app.get('/session', requireAuth(), (_req, res) => {
      res.send('in');
    });
    server = await new Promise<Server>((resolve) => {
      const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
    });
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  /** Sends FLOOD requests, 64 at a time (fetch keeps the connections alive), and counts the answers by status. */
  async function flood(path: string): Promise<Record<number, number>> {
    const statuses: Record<number, number> = {};
    let sent = 0;
    async function worker(): Promise<void> {
      while (sent < FLOOD) {
        sent++;
        const response = await fetch(`${origin}${path}`, {
          headers: { authorization: `Bearer ${randomApiKeyLike()}` },
        });
        await response.arrayBuffer();
        statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      }
    }
    await Promise.all(Array.from({ length: 64 }, worker));
    return statuses;
  }

  it('a route that accepts API keys: peak concurrency at the cap, only 401 and 503, the server answers after', async () => {
    files.issuer.setMachineVerifyDelay(5); // keeps CAP calls busy while 64 requests wait
    const statuses = await flood('/keys');
    expect(files.issuer.stats.machineVerificationPeakConcurrency).toBe(CAP);
    expect(statuses[401]).toBeGreaterThan(0);
    for (const status of Object.keys(statuses)) expect(['401', '503']).toContain(status);
    expect(Object.values(statuses).reduce((a, b) => a + b, 0)).toBe(FLOOD);
    files.issuer.setMachineVerifyDelay(0);
    const { secret } = files.issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const after = await fetch(`${origin}/keys`, { headers: { authorization: `Bearer ${secret}` } });
    expect(after.status).toBe(200);
    expect(await after.text()).toBe('in');
  }, 60_000);

  it('a route that accepts session tokens only: the same flood makes no call', async () => {
    const statuses = await flood('/session');
    expect(statuses).toEqual({ 401: FLOOD });
    expect(files.issuer.stats.machineVerifications).toBe(0);
  }, 60_000);
});
