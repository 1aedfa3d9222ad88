// SPEC §9.4: a machine-token verdict is bound to the credential that obtained it. Two apps share one
// cache store and one secret key, and differ in their machine secret: the issuer accepts one and
// refuses the other. The refused one must answer secret-key-invalid (503 over HTTP) even after the
// other has put a good verdict in the store. Shared by the Map-store test and the Redis one.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type AnyAuthenticator, type CacheStore, createAuthenticator } from '@sessionguard/core';
import { clerkMiddleware, requireAuth } from '@sessionguard/express';
import type { TestIssuer } from '@sessionguard/testing';
import express from 'express';
import { expect } from 'vitest';
import { bearer } from './helpers.js';

async function serve(authenticator: AnyAuthenticator): Promise<{ origin: string; close(): Promise<void> }> {
  const app = express();
  app.use(clerkMiddleware(authenticator));
  app.get('/machines', requireAuth({ acceptsToken: 'm2m_token' }), (_req, res) => {
    res.send('in');
  });
  const server = await new Promise<Server>((resolve) => {
    const listening = app.listen(0, '127.0.0.1', () => resolve(listening));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Runs the scenario on `cacheStore`; `storedKeys` lists what the store holds, to check its keys. */
export async function checkVerdictsBoundToCredential(
  issuer: TestIssuer,
  cacheStore: CacheStore,
  storedKeys: () => Promise<string[]>,
): Promise<void> {
  const appWith = (machineSecretKey: string) =>
    createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
      machineSecretKey,
      acceptsToken: 'm2m_token',
      cacheStore,
    });
  const refusedSecret = `ak_${'0'.repeat(40)}`;
  expect(refusedSecret).not.toBe(issuer.machineSecretKey);
  const accepted = appWith(issuer.machineSecretKey);
  const refused = appWith(refusedSecret);
  const { token } = issuer.createM2MToken({ machineId: 'mch_1', scopes: ['read'] });

  // The accepted secret gets a good verdict, which the shared store now holds.
  expect((await accepted.authenticateRequest(bearer(token))).status).toBe('signed-in');
  expect(issuer.stats.machineVerifications).toBe(1);
  const keys = await storedKeys();
  expect(keys.length).toBeGreaterThan(0);
  for (const key of keys) expect(key).not.toContain(token);

  // The refused secret asks the Backend API itself and is refused, however often it asks.
  for (let i = 0; i < 3; i++) {
    const state = await refused.authenticateRequest(bearer(token));
    expect(state.status).toBe('signed-out');
    expect(state.reason).toBe('secret-key-invalid');
  }
  await expect(refused.verifyMachineToken(token)).rejects.toMatchObject({ reason: 'secret-key-invalid' });
  expect((await accepted.authenticateRequest(bearer(token))).status).toBe('signed-in');

  // The same over HTTP: 503 for the app with the refused secret, 200 for the other.
  const good = await serve(accepted);
  const bad = await serve(refused);
  try {
    const headers = { authorization: `Bearer ${token}` };
    expect((await fetch(`${good.origin}/machines`, { headers })).status).toBe(200);
    const answer = await fetch(`${bad.origin}/machines`, { headers });
    expect(answer.status).toBe(503);
    expect(await answer.text()).not.toContain(token);
  } finally {
    await good.close();
    await bad.close();
  }
}
