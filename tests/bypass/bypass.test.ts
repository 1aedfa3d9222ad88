import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningServer, routers, type Usage } from './apps.js';
import { type RawResponse, sendRaw } from './raw-client.js';
import { hostileTargets, METHODS, PRIVATE_SAMPLES, PUBLIC_SAMPLES } from './targets.js';

const HOUR = 3600;
const USAGES: Usage[] = ['guard', 'excluded', 'allow-list'];
const TARGETS = hostileTargets();

let issuer: TestIssuer;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  issuer = await createTestIssuer();
  tokens.fresh = await issuer.mintSessionToken({ userId: 'user_a', fva: [1, 1], expiresInSeconds: HOUR });
  tokens.stale = await issuer.mintSessionToken({ userId: 'user_a', fva: [120, 120], expiresInSeconds: HOUR });
});
afterAll(async () => {
  await issuer?.close();
});

/** Sends every target (a few at a time), each with one of the four methods in turn. */
async function sendAll(
  port: number,
  targets: readonly string[],
  headers: Record<string, string>,
): Promise<[string, string, RawResponse][]> {
  const results: [string, string, RawResponse][] = [];
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const index = next++;
      const target = targets[index]!;
      const method = METHODS[index % METHODS.length]!;
      results.push([method, target, await sendRaw(port, method, target, headers)]);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return results;
}

it('the hostile table covers every §7.1 class in origin-form and absolute-form', () => {
  expect(TARGETS.length).toBeGreaterThan(1000);
  expect(TARGETS.filter((t) => !t.startsWith('/')).length).toBeGreaterThan(400);
});

for (const [router, build] of Object.entries(routers)) {
  describe(router, () => {
    for (const [usage, rejectAmbiguousPaths] of USAGES.flatMap(
      (u) =>
        [
          [u, true],
          [u, false],
        ] as const,
    )) {
      // With rejectAmbiguousPaths off the matcher must fail closed by itself (SPEC §7.2): built-in
      // lists guard and do not exclude, an allow-list throws AmbiguousPathError (a 400). A third of
      // the table is enough there, to keep the suite's time down.
      const targets = rejectAmbiguousPaths ? TARGETS : TARGETS.filter((_, i) => i % 3 === 0);
      describe(`${usage}${rejectAmbiguousPaths ? '' : ', rejectAmbiguousPaths: false'}`, () => {
        let server: RunningServer;
        beforeAll(async () => {
          server = await build({ usage, auth: { jwksUrl: issuer.jwksUrl, rejectAmbiguousPaths } });
        });
        afterAll(async () => {
          await server?.close();
        });

        // The guard list is walked around with a signed-in token lacking the step-up; the other two
        // with no token at all.
        const attacker = () =>
          usage === 'guard' ? { authorization: `Bearer ${tokens.stale}` } : ({} as Record<string, string>);

        it('no hostile target reaches a private handler, and none is answered 5xx', async () => {
          const results = await sendAll(server.port, targets, attacker());
          const breaches = results
            .filter(
              ([, , r]) =>
                r.status === 0 || r.status >= 500 || (r.headers['x-handler'] ?? '').startsWith('private'),
            )
            .map(
              ([method, target, r]) =>
                `${method} ${JSON.stringify(target)} → ${r.status} ${r.headers['x-handler'] ?? ''}`,
            );
          expect(breaches).toEqual([]);
          // The §7.1 400 answers most of the table when on, and never when off.
          const refused = results.filter(
            ([, , r]) => r.status === 400 && r.body.includes('"reason":"path-ambiguous"'),
          );
          if (rejectAmbiguousPaths) expect(refused.length).toBeGreaterThan(targets.length / 3);
          else if (usage !== 'allow-list') expect(refused).toEqual([]);
        });

        it('legitimate paths still pass: public without a token, private with a fresh token', async () => {
          for (const path of PUBLIC_SAMPLES) {
            for (const method of METHODS) {
              const response = await sendRaw(server.port, method, path);
              expect(response.headers['x-handler'], `${method} ${path}`).toMatch(/^public:/);
            }
          }
          for (const path of [...PRIVATE_SAMPLES, '/billing/x/y', `http://app.test/files/x?y=1`]) {
            for (const method of METHODS) {
              const response = await sendRaw(server.port, method, path, {
                authorization: `Bearer ${tokens.fresh}`,
              });
              expect([response.status, response.headers['x-handler']], `${method} ${path}`).toEqual([
                200,
                expect.stringMatching(/^private:/),
              ]);
            }
          }
        });

        it('a hostile path gets the private handler neither with a stale nor with no token', async () => {
          const response = await sendRaw(server.port, 'GET', '/admin', attacker());
          expect(response.status).toBe(usage === 'guard' ? 403 : 401);
        });
      });
    }
  });
}

// One target per §7.1 class, each in origin-form and absolute-form, with each of the four methods:
// a 400 on every adapter, ours unless the framework or Node's parser refused it first.
const CLASS_SAMPLES = [
  '/files%2Fx',
  '/files%5cx',
  '/files%252Fx',
  '/files\\x',
  '/public#/../admin',
  '/files//x',
  '/public/../admin',
  '/public/%2e%2E/admin',
  '/files/x%0A',
  '/files/x%00',
  '/files/x%7F',
  '/files/x%E2%80%A8',
  '/files/x%C0%AF',
  '/files/x%',
  '/%E2%84%AAeys/x',
  '/%C5%BFecret/x',
];
// Some targets never reach our middleware: the framework answers its own 400 first. Fastify
// refuses bad percent-encoding and a `#` in absolute-form (FST_ERR_BAD_URL); @hono/node-server
// refuses a `\` before building its Request. Still a 400, never a route.
function frameworkRefused(router: string, target: string, response: RawResponse): boolean {
  if (router.startsWith('fastify')) return response.body.includes('FST_ERR_BAD_URL');
  if (router.startsWith('hono'))
    return target.includes('\\') && response.headers['content-type'] !== 'application/json';
  return false;
}

for (const [router, build] of Object.entries(routers)) {
  it(`${router}: every §7.1 class is a 400 in both forms and for GET, HEAD, POST and OPTIONS`, async () => {
    const server = await build({ usage: 'allow-list', auth: { jwksUrl: issuer.jwksUrl } });
    try {
      const wrong: string[] = [];
      for (const path of CLASS_SAMPLES) {
        for (const target of [path, `http://app.test${path}`]) {
          for (const method of METHODS) {
            const r = await sendRaw(server.port, method, target);
            const ours =
              r.headers['content-type'] === 'application/json' &&
              (method === 'HEAD' || r.body.includes('path-ambiguous'));
            if (r.status !== 400 || (!ours && !frameworkRefused(router, target, r)))
              wrong.push(`${method} ${target} → ${r.status} ${r.body.slice(0, 60)}`);
          }
        }
      }
      expect(wrong).toEqual([]);
    } finally {
      await server.close();
    }
  });
}
