import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixtures, startFixtures } from './fixtures.js';
import { appFactories, DEFAULT_HOST, type RunningApp } from './harness.js';

// SPEC §9.2 on every adapter, counted at the issuer: a token is verified by the middleware or by the
// first guard that accepts its type, once per request, and by nobody on a route that does not accept
// it. Tenant A has no verdict cache, so a second verification would show as a second call.
describe.each(Object.entries(appFactories))('%s: Backend API calls per request', (_adapter, factory) => {
  let fixtures: Fixtures;
  let app: RunningApp;
  beforeAll(async () => {
    fixtures = await startFixtures();
    app = await factory(fixtures);
  });
  afterAll(async () => {
    await app?.close();
    await fixtures?.close();
  });

  /** Sends the fixture API key and answers the status and the issuer's verify calls it cost. */
  async function callsFor(path: string, host = DEFAULT_HOST): Promise<{ status: number; calls: number }> {
    const issuer = fixtures.issuers.a;
    issuer.resetStats();
    const response = await app.send({
      method: 'GET',
      path,
      headers: { host, authorization: `Bearer ${fixtures.tokens['api-key']}` },
    });
    return { status: response.status, calls: issuer.stats.machineVerifications };
  }

  it('two guards that accept API keys: one call', async () => {
    expect(await callsFor('/machine/two-guards')).toEqual({ status: 200, calls: 1 });
  });

  it('routes that do not accept API keys: no call', async () => {
    expect(await callsFor('/me')).toEqual({ status: 401, calls: 0 });
    expect(await callsFor('/public')).toEqual({ status: 200, calls: 0 });
    expect(await callsFor('/settings/custom')).toEqual({ status: 401, calls: 0 });
  });

  it('a middleware that accepts API keys verified it: its guard makes no second call', async () => {
    expect(await callsFor('/machine/api-key', 'machines.example')).toEqual({ status: 200, calls: 1 });
  });
});
