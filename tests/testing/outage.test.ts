import { createTestIssuer } from '@sessionguard/testing';
import { describe, expect, it } from 'vitest';
import { bearer } from './helpers.js';

describe('test issuer: outages', () => {
  it("'error' answers 500 with a Clerk error body on JWKS and API endpoints, and counts attempts", async () => {
    const issuer = await createTestIssuer();
    try {
      issuer.addUser({ id: 'user_1' });
      issuer.setOutage('error');
      for (const path of ['/.well-known/jwks.json', '/v1/jwks', '/v1/users/user_1']) {
        const response = await fetch(`${issuer.url}${path}`, { headers: bearer(issuer.secretKey) });
        expect(response.status, path).toBe(500);
        const body = (await response.json()) as { errors: Array<{ code: string }>; clerk_trace_id: string };
        expect(body.errors[0]?.code).toBe('internal_clerk_error');
        expect(response.headers.get('x-clerk-trace-id')).toBe(body.clerk_trace_id);
      }
      expect(issuer.stats).toMatchObject({ jwksRequests: 2, apiRequests: 1, machineVerifications: 0 });

      issuer.setOutage(false);
      expect((await fetch(issuer.jwksUrl)).status).toBe(200);
      expect(issuer.stats.jwksRequests).toBe(3);
    } finally {
      await issuer.close();
    }
  });

  it("'timeout' never answers, and close() still returns promptly", async () => {
    const issuer = await createTestIssuer();
    issuer.setOutage('timeout');
    await expect(fetch(issuer.jwksUrl, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(issuer.stats.jwksRequests).toBe(1);

    // Leave requests hanging while closing: close() must not wait for them.
    const hanging = [
      fetch(issuer.jwksUrl).catch((error: unknown) => error),
      fetch(`${issuer.url}/v1/users/user_1`, { headers: bearer(issuer.secretKey) }).catch(
        (error: unknown) => error,
      ),
    ];
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(issuer.stats).toMatchObject({ jwksRequests: 2, apiRequests: 1, machineVerifications: 0 });
    const started = Date.now();
    await issuer.close();
    expect(Date.now() - started).toBeLessThan(1000);
    for (const outcome of await Promise.all(hanging)) expect(outcome).toBeInstanceOf(Error);
    await issuer.close(); // idempotent
  });

  it('close() is prompt with idle keep-alive connections and pending delayed answers', async () => {
    const issuer = await createTestIssuer();
    issuer.addUser({ id: 'user_1' });
    await (await fetch(issuer.jwksUrl)).arrayBuffer();
    issuer.setApiLatency(60_000);
    const pending = fetch(`${issuer.url}/v1/users/user_1`, { headers: bearer(issuer.secretKey) }).catch(
      (error: unknown) => error,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await issuer.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });
});
