import { readFileSync } from 'node:fs';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AppName,
  clerkEnv,
  type Framework,
  prepareOurs,
  removeOurs,
  type StartedApp,
  startApp,
} from './apps.js';
import { type Difference, differences, send } from './compare.js';
import { KNOWN_DIFFERENCES, type KnownDifference } from './differences.js';
import { API_KEY_ID, probesFor, seed, TRACE_ID } from './requests.js';

const APPS: ReadonlyArray<readonly [Framework, AppName]> = [
  ['express', 'session'],
  ['express', 'client'],
  ['express', 'webhooks'],
  ['fastify', 'session'],
  ['fastify', 'client'],
  ['fastify', 'webhooks'],
];
const REPORT = process.env.MIGRATION_REPORT === '1';

function migrationSection(): string {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const start = readme.indexOf("## Migrating from Clerk's SDKs");
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end);
}

const appMatches = (pattern: string, app: string) =>
  pattern === app || (pattern.startsWith('* ') && app.endsWith(pattern.slice(1)));

function isKnown(row: KnownDifference, found: Difference): boolean {
  return (
    appMatches(row.app, found.app) &&
    row.request === found.request &&
    row.field === found.field &&
    row.clerk === found.clerk &&
    row.ours === found.ours
  );
}

/** A difference as a row ready to paste into differences.ts (the README words left to fill in). */
function asRow(found: Difference): string {
  const { app, request, field, clerk, ours } = found;
  return `  ${JSON.stringify({ app, request, field, clerk, ours, readme: 'TODO' })},`;
}

describe("apps written for Clerk's SDKs, run on Clerk's and then on ours with the import lines changed", () => {
  let issuer: TestIssuer;
  let apiKey: string;
  let apiKeyId: string;
  const started = new Map<string, { clerk: StartedApp; ours: StartedApp | Error }>();

  beforeAll(async () => {
    issuer = await createTestIssuer({ instance: 'production' });
    ({ apiKey, apiKeyId } = seed(issuer));
    await prepareOurs();
    const env = clerkEnv(issuer);
    await Promise.all(
      APPS.map(async ([framework, app]) => {
        const [clerk, ours] = await Promise.all([
          startApp(framework, app, 'clerk', env),
          startApp(framework, app, 'ours', env).catch((error: Error) => error),
        ]);
        started.set(`${framework} ${app}`, { clerk, ours });
      }),
    );
  }, 60_000);

  afterAll(async () => {
    for (const { clerk, ours } of started.values()) {
      await clerk.stop();
      if (!(ours instanceof Error)) await ours.stop();
    }
    await removeOurs();
    await issuer?.close();
  });

  it('every known difference names a bullet of the README\'s "Migrating from Clerk\'s SDKs"', () => {
    const section = migrationSection();
    expect(section).not.toBe('');
    const unexplained = KNOWN_DIFFERENCES.filter(
      (row) => row.readme.length < 12 || !section.includes(row.readme),
    );
    expect(unexplained).toEqual([]);
  });

  it.each(APPS)(
    '%s %s: the same outcome route by route, but for the listed differences',
    async (framework, app) => {
      const name = `${framework} ${app}`;
      const apps = started.get(name);
      if (!apps) throw new Error(`${name} did not start`);
      if (apps.ours instanceof Error) throw new Error(`ours did not start:\n${apps.ours.message}`);

      // What changes from run to run: the API key's id, and the trace id each Backend API answer carries.
      const stable = (value: string) =>
        value
          .replaceAll(apiKeyId, API_KEY_ID)
          .replace(/clerk trace id [0-9a-f]+/g, `clerk trace id ${TRACE_ID}`);
      const found: Difference[] = [];
      for (const probe of probesFor(framework, app, issuer, apiKey)) {
        const sent = await probe.build();
        const [clerk, ours] = await Promise.all([
          send(apps.clerk.url, probe.path, sent),
          send(apps.ours.url, probe.path, sent),
        ]);
        found.push(
          ...differences(name, probe.name, clerk, ours).map((difference) => ({
            ...difference,
            clerk: stable(difference.clerk),
            ours: stable(difference.ours),
          })),
        );
      }
      if (REPORT) for (const difference of found) console.log(asRow(difference));

      const unlisted = found.filter(
        (difference) => !KNOWN_DIFFERENCES.some((row) => isKnown(row, difference)),
      );
      expect(unlisted.map(asRow), 'differences missing from differences.ts').toEqual([]);
      const rows = KNOWN_DIFFERENCES.filter((row) => appMatches(row.app, name));
      const stale = rows.filter(
        (row) => row.sometimes === undefined && !found.some((difference) => isKnown(row, difference)),
      );
      expect(stale, 'rows of differences.ts that no longer differ').toEqual([]);
    },
  );
});
