// Every hostile case through every adapter, on a route guarded by requireAuth: always a 4xx (never a
// 500, never signed in), the token never in the response, and the process alive and serving afterwards.
import { type Authenticator, createAuthenticator } from '@sessionguard/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Fixtures, startFixtures } from '../adapters/fixtures.js';
import { type AppFactory, appFactories, DEFAULT_HOST, type RunningApp } from '../adapters/harness.js';
import { buildHostileCorpus, type HostileCase, type HostileCorpus } from './corpus.js';
import { leaks, wirePairs, wireRecord } from './helpers.js';

/** Node's HTTP parser refuses header sections over 16 KiB (431, or a closed connection). */
const NODE_MAX_HEADER_BYTES = 16 * 1024;

let fixtures: Fixtures;
let corpus: HostileCorpus;
/** The core alone, configured as tenant A (RS256 only, so the corpus's ES256 cases end at the allow-list). */
let tenantCore: Authenticator;
const crashes: string[] = [];
const onCrash = (error: unknown) => crashes.push(String(error));

beforeAll(async () => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  fixtures = await startFixtures();
  // Tenant A (the default host) verifies against this issuer; the corpus adds its hostile keys to it.
  corpus = await buildHostileCorpus(fixtures.issuers.a);
  tenantCore = createAuthenticator({ jwksUrl: fixtures.issuers.a.jwksUrl });
}, 60_000);
afterAll(async () => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  await corpus?.close();
  await fixtures?.close();
});

const headerBytes = (testCase: HostileCase): number =>
  wirePairs(testCase).reduce((sum, [name, value]) => sum + name.length + Buffer.byteLength(value) + 4, 0);

describe.each(Object.entries(appFactories))('hostile corpus through %s', (adapter, factory: AppFactory) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await factory(fixtures);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('answers every case with a 4xx, never signs in, never leaks the token, and keeps serving', async () => {
    const failures: string[] = [];
    const statuses: Record<number, number> = {};
    const reasonDiffers: string[] = [];
    let notSendable = 0;
    let refusedByHttpParser = 0;
    for (const testCase of corpus.cases) {
      let response: Awaited<ReturnType<RunningApp['send']>>;
      try {
        response = await app.send({
          method: 'GET',
          path: '/me',
          headers: { host: DEFAULT_HOST, ...wireRecord(testCase) },
        });
      } catch (error) {
        const code = (error as { code?: string }).code ?? '';
        if (
          /ERR_INVALID_CHAR|ERR_HTTP_INVALID_HEADER_VALUE|ERR_INVALID_ARG_VALUE/.test(code) ||
          error instanceof TypeError
        ) {
          notSendable++; // The HTTP client (or fetch's Headers) cannot put this value on the wire.
        } else if (
          headerBytes(testCase) > NODE_MAX_HEADER_BYTES &&
          /ECONNRESET|EPIPE|socket hang up/i.test(`${code} ${error}`)
        ) {
          refusedByHttpParser++; // Node's parser dropped the oversized request before any middleware ran.
        } else {
          failures.push(`${testCase.name}: request failed (${code} ${(error as Error).message})`);
        }
        continue;
      }
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
      if (response.status < 400 || response.status >= 500) {
        failures.push(`${testCase.name}: status ${response.status} ${response.body.slice(0, 200)}`);
      }
      const where = leaks(
        { body: response.body, headers: JSON.stringify(response.headers) },
        testCase.secrets,
      );
      if (where !== undefined) failures.push(`${testCase.name}: the token leaked into the ${where}`);
      // The adapter adds nothing and loses nothing: its 401 names the reason the core gives alone.
      const reason = response.headers['x-clerk-auth-reason'];
      if (response.status === 401) {
        const core = await tenantCore.authenticateRequest({
          headers: testCase.headers,
          ...(testCase.rawHeaders ? { rawHeaders: testCase.rawHeaders } : {}),
        });
        if (reason !== core.reason) reasonDiffers.push(`${testCase.name}: ${reason} (core: ${core.reason})`);
      }
    }

    // Alive: a valid token still signs in through the same app, and nothing escaped as a crash.
    const alive = await app.send({
      method: 'GET',
      path: '/me',
      headers: { host: DEFAULT_HOST, authorization: `Bearer ${corpus.validToken}` },
    });
    expect(alive.status, alive.body).toBe(200);
    expect(JSON.parse(alive.body)).toMatchObject({ auth: { isAuthenticated: true, userId: 'user_hostile' } });
    expect(crashes).toEqual([]);

    console.log(
      [
        `[hostile corpus via ${adapter}] ${corpus.cases.length} cases: statuses ${JSON.stringify(statuses)}, ${notSendable} not sendable by the client, ${refusedByHttpParser} dropped by the HTTP parser (oversized headers), ${reasonDiffers.length} with another 401 reason than the core's`,
      ].join('\n'),
    );
    expect(failures).toEqual([]);
    expect(reasonDiffers).toEqual([]);
    expect(corpus.attacker.requests).toBe(0);
  }, 120_000);
});
