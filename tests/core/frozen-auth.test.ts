import {
  type AuthOptions,
  createAuthenticator,
  type RequestState,
  type SignedInAuth,
} from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, FakeClock } from './helpers.js';

// SPEC §5: auth objects, their sessionClaims and machine claims are frozen all the way down, so what a
// handler writes reaches no other request, nor the verified-token cache's own time checks.

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer();
});
afterAll(() => issuer.close());

/** Test files are modules, so strict mode: a write to a frozen property throws. */
function writeStrict(target: object, key: string, value: unknown): void {
  (target as Record<string, unknown>)[key] = value;
}
/** The same write in sloppy mode (a Function body is sloppy unless it says otherwise): silently ignored. */
const writeSloppy = new Function('target', 'key', 'value', 'target[key] = value;') as typeof writeStrict;

function signedIn(state: RequestState | undefined): SignedInAuth {
  const auth = state?.auth;
  if (!auth?.isAuthenticated || auth.tokenType !== 'session_token') throw new Error('expected signed in');
  return auth;
}

/** Every object reachable from `value`, functions left out (methods need not be frozen). */
function objectsIn(value: unknown, seen = new Set<object>()): Set<object> {
  if (typeof value !== 'object' || value === null || seen.has(value)) return seen;
  seen.add(value);
  for (const child of Object.values(value)) objectsIn(child, seen);
  return seen;
}

function expectFrozenAllTheWayDown(value: unknown): void {
  const open = [...objectsIn(value)].filter((object) => !Object.isFrozen(object));
  expect(open).toEqual([]);
}

const ORG_AND_ACTOR = {
  userId: 'user_1',
  sessionId: 'sess_1',
  orgId: 'org_1',
  orgRole: 'org:admin',
  orgPermissions: ['org:reports:read'],
  fva: [1, 1] as [number, number],
  actor: { sub: 'user_support', extra: { nested: ['a'] } },
  claims: { scp: ['read', 'write'], custom: { deep: { list: [1, 2] } } },
};

describe('SPEC §5: session auth objects are frozen all the way down', () => {
  async function states(options: AuthOptions = {}): Promise<RequestState[]> {
    const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl, ...options });
    const token = await issuer.mintSessionToken(ORG_AND_ACTOR);
    const out: RequestState[] = [];
    for (let i = 0; i < 3; i++) out.push(await authenticator.authenticateRequest(bearer(token)));
    return out;
  }

  it('on a first sight, on a kept repeat, and with the cache off: o, fva, act, scp and custom claims too', async () => {
    for (const state of [...(await states()), ...(await states({ tokenCache: false }))]) {
      const auth = signedIn(state);
      expect(auth.sessionClaims.o).toBeDefined();
      expect(auth.sessionClaims.act).toBeDefined();
      expectFrozenAllTheWayDown(auth);
      expect(Object.isFrozen(auth.sessionClaims.fva)).toBe(true);
      expect(Object.isFrozen(auth.orgPermissions)).toBe(true);
      expect(Object.isFrozen(auth.factorVerificationAge)).toBe(true);
      expect(Object.isFrozen(auth.scopes)).toBe(true);
    }
  });

  it('a write throws in strict mode and is ignored in sloppy mode; has() and the fields are unchanged', async () => {
    const [, kept] = await states();
    const auth = signedIn(kept);
    const claims = auth.sessionClaims;
    expect(() => writeStrict(claims, 'exp', 9_999_999_999)).toThrow(TypeError);
    expect(() => writeStrict(claims.o as object, 'rol', 'owner')).toThrow(TypeError);
    expect(() => (claims.fva as number[]).push(0)).toThrow(TypeError);
    expect(() => writeStrict(claims.act as object, 'sub', 'user_evil')).toThrow(TypeError);
    expect(() => writeStrict(auth, 'userId', 'user_evil')).toThrow(TypeError);
    expect(() => (auth.orgPermissions as string[]).push('org:all')).toThrow(TypeError);
    const exp = claims.exp;
    writeSloppy(claims, 'exp', 9_999_999_999);
    writeSloppy(claims.o as object, 'rol', 'owner');
    writeSloppy(claims.scp as object, '0', 'admin');
    expect(claims.exp).toBe(exp);
    expect(auth.orgRole).toBe('org:admin');
    expect(auth.has({ role: 'owner' })).toBe(false);
    expect(auth.has({ scope: 'admin' })).toBe(false);
    expect(auth.has({ scope: 'read' })).toBe(true);
  });

  it('a handler that writes sessionClaims.exp never changes the next request’s time check', async () => {
    const clock = new FakeClock();
    const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl, now: clock.now, clockSkewInMs: 0 });
    const token = await issuer.mintSessionToken({
      userId: 'user_1',
      issuedAt: clock.seconds,
      expiresInSeconds: 60,
    });
    // First sight, then two repeats answered from the cache; every handler tries to extend the token.
    for (let i = 0; i < 3; i++) {
      const auth = signedIn(await authenticator.authenticateRequest(bearer(token)));
      writeSloppy(auth.sessionClaims, 'exp', clock.seconds + 86_400);
      expect(() => writeStrict(auth.sessionClaims, 'exp', clock.seconds + 86_400)).toThrow(TypeError);
    }
    clock.advance(61_000);
    expect((await authenticator.authenticateRequest(bearer(token))).reason).toBe('token-expired');
  });
});

describe('SPEC §5, §9.5: machine auth objects and their claims are frozen all the way down', () => {
  const authenticator = () =>
    createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
      acceptsToken: 'any',
    });
  const nested = { tier: { name: 'gold', limits: [1, 2] } };

  it('API keys, opaque and JWT M2M tokens, OAuth tokens; a failed machine token too', async () => {
    const tokens = [
      issuer.createApiKey({ subject: 'user_1', name: 'k', scopes: ['read'], claims: nested }).secret,
      issuer.createM2MToken({ machineId: 'mch_1', scopes: ['read'], claims: nested }).token,
      issuer.createM2MToken({ machineId: 'mch_1', scopes: ['read'], claims: nested, format: 'jwt' }).token,
      issuer.createOAuthToken({ userId: 'user_1', clientId: 'c', scopes: ['read'], format: 'jwt' }).token,
      issuer.createOAuthToken({ userId: 'user_1', clientId: 'c', scopes: ['read'] }).token,
    ];
    const app = authenticator();
    for (const token of tokens) {
      for (let i = 0; i < 2; i++) {
        const { auth } = await app.authenticateRequest(bearer(token));
        if (!auth.isAuthenticated || auth.tokenType === 'session_token')
          throw new Error('expected a machine');
        expectFrozenAllTheWayDown(auth);
        if ('claims' in auth && auth.claims !== null) {
          expect(auth.claims.tier).toEqual(nested.tier);
          expect(() => writeStrict(auth.claims?.tier as object, 'name', 'platinum')).toThrow(TypeError);
        }
      }
    }
    const failed = await app.authenticateRequest(bearer('ak_unknown_key_that_does_not_exist'));
    expect(failed.auth.isAuthenticated).toBe(false);
    expectFrozenAllTheWayDown(failed.auth);
  });

  it('has() passes only for a scope the token carries, with no other dimension asked', async () => {
    const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k', scopes: ['read'] });
    const { auth } = await authenticator().authenticateRequest(bearer(secret));
    if (!auth.isAuthenticated || auth.tokenType !== 'api_key') throw new Error('expected an API key');
    expect(auth.has({ scope: 'read' })).toBe(true);
    expect(auth.has({ scope: 'write' })).toBe(false);
    expect(auth.has({})).toBe(false);
    expect(auth.has({ scope: '' })).toBe(false);
    // A machine has no role, permission, feature, plan or factor age: asking one is false.
    expect(auth.has({ scope: 'read', role: 'org:admin' })).toBe(false);
    expect(auth.has({ scope: 'read', permission: 'org:reports:read' })).toBe(false);
    expect(auth.has({ scope: 'read', feature: 'beta' })).toBe(false);
    expect(auth.has({ scope: 'read', plan: 'pro' })).toBe(false);
    expect(auth.has({ scope: 'read', reverification: 'strict' })).toBe(false);
    expect(auth.has({ role: 'org:admin' })).toBe(false);
    // As on a session (Clerk): '' or a bare prefix names nothing, so that dimension is not asked.
    expect(auth.has({ scope: 'read', role: '' })).toBe(true);
    expect(auth.has({ scope: 'read', feature: 'org:' })).toBe(true);
    // Fail closed on what JavaScript can pass.
    expect(auth.has({ scope: 'read', role: 1 } as never)).toBe(false);
    expect(auth.has(null as never)).toBe(false);
  });
});
