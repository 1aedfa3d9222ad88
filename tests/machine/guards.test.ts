import { createAuthenticator, type RequestLike } from '@sessionguard/core';
import { createAttachments, requireAuthCheck, runGuard } from '@sessionguard/core/adapter';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bearer } from './helpers.js';

describe('requireAuth({ acceptsToken, scope }) (SPEC §9.2, §9.5)', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  beforeEach(() => {
    issuer.setOutage(false);
    issuer.resetStats();
  });
  afterAll(() => issuer.close());

  const sessionApp = () =>
    createAuthenticator({ jwksUrl: issuer.jwksUrl, secretKey: issuer.secretKey, apiUrl: issuer.url });

  /**
   * What an adapter does (runGuard): the middleware's state attached, the guard run, and a type the
   * guard accepts verified once and the guard run again. Counts how often the state was replaced.
   */
  async function guarded(check: ReturnType<typeof requireAuthCheck<never>>, request: RequestLike) {
    const app = sessionApp();
    const attachments = createAttachments<RequestLike>('test');
    const state = await app.authenticateRequest(request);
    attachments.attach(request, { state, signInUrl: undefined, verifier: app });
    let replaced = 0;
    const refusal = await runGuard(check, attachments, request, undefined, request, () => {
      replaced++;
    });
    return { state: attachments.attachedTo(request).state, refusal, replaced };
  }

  it('verifies lazily, once, a type the middleware did not; a route that does not accept it makes no call', async () => {
    const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k', scopes: ['read'] });
    const apiRoute = requireAuthCheck<never>({ acceptsToken: 'api_key' });
    const { state, refusal, replaced } = await guarded(apiRoute, bearer(secret));
    expect(refusal).toBeUndefined();
    expect(replaced).toBe(1);
    expect(state.auth).toMatchObject({ tokenType: 'api_key', isAuthenticated: true });
    expect(issuer.stats.machineVerifications).toBe(1);

    const sessionRoute = requireAuthCheck<never>();
    const refused = await guarded(sessionRoute, bearer(secret));
    expect(refused.replaced).toBe(0);
    expect(refused.refusal?.outcome.status).toBe(401);
    expect(refused.refusal?.outcome.body).toContain('token-type-mismatch');
    expect(issuer.stats.machineVerifications).toBe(1);
  });

  it('a kept verdict is decided at once (no promise) on the next request; a verifier with no eager form still answers', async () => {
    const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k' });
    const app = sessionApp();
    const check = requireAuthCheck<never>({ acceptsToken: 'api_key' });
    const run = (verifier: Parameters<typeof attachments.attach>[1]['verifier']) => {
      const request = bearer(secret);
      attachments.attach(request, { state: middlewareState, signInUrl: undefined, verifier });
      const refusal = runGuard(check, attachments, request, undefined, request, () => {});
      return { refusal, state: () => attachments.attachedTo(request).state };
    };
    const attachments = createAttachments<RequestLike>('test');
    const middlewareState = await app.authenticateRequest(bearer(secret));

    const first = run(app);
    expect(first.refusal).toBeInstanceOf(Promise);
    expect(await first.refusal).toBeUndefined();
    const again = run(app);
    expect(again.refusal).toBeUndefined(); // not a promise: decided at once
    expect(again.state().auth).toMatchObject({ tokenType: 'api_key', isAuthenticated: true });
    // The plain way (an authenticator of your own with authenticateRequest only): the same answer, later.
    const plain = run({ authenticateRequest: (request, opts) => app.authenticateRequest(request, opts) });
    expect(plain.refusal).toBeInstanceOf(Promise);
    expect(await plain.refusal).toBeUndefined();
    expect(plain.state()).toBe(again.state());
    expect(issuer.stats.machineVerifications).toBe(1);
  });

  it('a missing scope is 403 insufficient_scope with the scope named', async () => {
    const { secret } = issuer.createApiKey({ subject: 'user_1', name: 'k', scopes: ['read'] });
    const allowed = await guarded(
      requireAuthCheck<never>({ acceptsToken: 'api_key', scope: 'read' }),
      bearer(secret),
    );
    expect(allowed.refusal).toBeUndefined();
    const { refusal } = await guarded(
      requireAuthCheck<never>({ acceptsToken: 'api_key', scope: 'write' }),
      bearer(secret),
    );
    expect(refusal?.outcome.status).toBe(403);
    expect(refusal?.outcome.headers['www-authenticate']).toBe(
      'Bearer error="insufficient_scope", scope="write"',
    );
  });

  it('a Backend API that cannot answer is 503 auth_unavailable with Retry-After', async () => {
    issuer.setOutage('error');
    const { refusal } = await guarded(
      requireAuthCheck<never>({ acceptsToken: 'api_key' }),
      bearer('ak_anything'),
    );
    expect(refusal?.outcome.status).toBe(503);
    expect(refusal?.outcome.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('an unknown key on an API-key route is 401 token-invalid', async () => {
    const { refusal } = await guarded(
      requireAuthCheck<never>({ acceptsToken: 'api_key' }),
      bearer('ak_unknown'),
    );
    expect(refusal?.outcome.status).toBe(401);
    expect(refusal?.outcome.body).toContain('token-invalid');
  });

  it('a bad acceptsToken fails when the guard is built, naming the option', () => {
    // @ts-expect-error: not a token type
    expect(() => requireAuthCheck<never>({ acceptsToken: 'cookie' })).toThrow(/acceptsToken/);
  });
});
