import { type ClerkClient, createClerkClient } from '@clerk/backend';
import { createAuthenticator, type RequestState } from '@sessionguard/core';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { CASES, type CaseRequest, DIFFERENCES, type OracleCase } from './cases.js';
import { EVERY_FIELD, type Field, type Observation } from './differences.js';
import { type ClerkState, observeClerk, observeOurs, THROWS } from './observe.js';
import { createWorld, type Instance, type World } from './world.js';

/**
 * Clerk's own SDK is the oracle (issue 25 item 5): every case of the table goes through Clerk's
 * `authenticateRequest` (pointed at the test issuer, `proxyUrl` its URL) and through sessionguard's
 * `createAuthenticator`, on the same request at the same (real) time. They must agree on every
 * field of the observation, except where a case names a difference of DIFFERENCES.
 */
interface Side {
  world: World & { close(): Promise<void> };
  clerk: ClerkClient;
  ours: ReturnType<typeof createAuthenticator>;
}

const sides = new Map<Instance, Side>();

const toRequest = (spec: CaseRequest): Request =>
  new Request(spec.url, { method: spec.method, headers: spec.headers });

beforeAll(async () => {
  // Clerk logs each failed resolution and loop to the console; the oracle prints nothing.
  for (const method of ['error', 'log', 'warn', 'info'] as const) {
    vi.spyOn(console, method).mockImplementation(() => undefined);
  }
  for (const instance of ['development', 'production'] as const) {
    const world = await createWorld(instance);
    const keys = {
      secretKey: world.issuer.secretKey,
      publishableKey: world.issuer.publishableKey,
      apiUrl: world.issuer.url,
    };
    sides.set(instance, {
      world,
      clerk: createClerkClient({ ...keys, telemetry: { disabled: true } }),
      ours: createAuthenticator({ ...keys, logger: { debug: () => undefined, warn: () => undefined } }),
    });
  }
});
afterEach(() => {
  for (const { world } of sides.values()) world.issuer.setHandshakeFault(false);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await Promise.all([...sides.values()].map(({ world }) => world.close()));
});

async function runClerk(side: Side, spec: CaseRequest, minted: boolean): Promise<Observation> {
  try {
    const state = (await side.clerk.authenticateRequest(toRequest(spec), {
      proxyUrl: side.world.issuer.url,
    })) as unknown as ClerkState;
    return observeClerk(state, side.world.issuer.url, minted);
  } catch {
    return THROWS;
  }
}

async function runOurs(side: Side, spec: CaseRequest, minted: boolean): Promise<Observation> {
  const state = (await side.ours.authenticateRequest(toRequest(spec))) as RequestState;
  return observeOurs(state, side.world.issuer.url, minted);
}

/** Both SDKs on the case's request (built once, or once each when it spends something). */
async function observe(oracle: OracleCase): Promise<{ clerk: Observation; ours: Observation }> {
  const side = sides.get(oracle.instance) as Side;
  const minted = oracle.perSide === true;
  const first = await oracle.build(side.world);
  const clerk = await runClerk(side, first, minted);
  side.world.issuer.setHandshakeFault(false);
  const second = oracle.perSide ? await oracle.build(side.world) : first;
  const ours = await runOurs(side, second, minted);
  return { clerk, ours };
}

describe("Clerk's @clerk/backend as the oracle of SPEC §12", () => {
  it('every difference is named by a SPEC line and every one a case names exists', () => {
    for (const difference of Object.values(DIFFERENCES)) expect(difference.spec).toMatch(/§12|Wave 2/);
    for (const oracle of CASES) {
      for (const id of oracle.differences ?? []) expect(Object.keys(DIFFERENCES)).toContain(id);
      if (oracle.differences?.length) expect(oracle.ours).toBeDefined();
    }
    expect(new Set(CASES.map((c) => c.name)).size).toBe(CASES.length);
  });

  it.each(CASES.map((oracle) => [oracle.name, oracle] as const))('%s', async (_name, oracle) => {
    const { clerk, ours } = await observe(oracle);
    expect(clerk).toMatchObject(oracle.clerk);
    const allowed = new Set<Field>((oracle.differences ?? []).flatMap((id) => DIFFERENCES[id].fields));
    if (oracle.ours) expect(ours).toMatchObject(oracle.ours);
    const same = (field: Field) => JSON.stringify(ours[field]) === JSON.stringify(clerk[field]);
    // Every field not excused by a named difference is Clerk's, exactly.
    const unexcused = EVERY_FIELD.filter((field) => !allowed.has(field) && !same(field));
    expect(
      Object.fromEntries(unexcused.map((field) => [field, { clerk: clerk[field], ours: ours[field] }])),
    ).toEqual({});
    // A named difference that shows in the observation does show (the list stays honest).
    if (allowed.size > 0) expect([...allowed].some((field) => !same(field))).toBe(true);
  });
});
