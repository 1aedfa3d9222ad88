import { BackendApiError } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticatorFor, rejectionOf, signedInAuth } from './helpers.js';

/** A fetch that answers every call itself, counting calls; for bodies the test issuer cannot send. */
function scriptedFetch(answer: () => Response): { fetch: typeof fetch; calls: () => number } {
  let calls = 0;
  return {
    fetch: async () => {
      calls += 1;
      return answer();
    },
    calls: () => calls,
  };
}

describe('Backend API lookups: errors, timeouts and retries', () => {
  let issuer: TestIssuer;

  beforeAll(async () => {
    issuer = await createTestIssuer();
    issuer.addUser({ id: 'user_1', first_name: 'Ada' });
  });
  beforeEach(() => {
    issuer.setApiLatency(0);
    issuer.setOutage(false);
    issuer.resetStats();
  });
  afterAll(() => issuer.close());

  it('429 with Retry-After: 1, then 200: waits about a second, then succeeds (2 requests)', async () => {
    issuer.queueApiResponses({ status: 429, retryAfterSeconds: 1 });
    const started = performance.now();
    const user = await authenticatorFor(issuer).users.getUser('user_1');
    const elapsed = performance.now() - started;
    expect(user.firstName).toBe('Ada');
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(3_000);
    expect(issuer.stats.apiRequests).toBe(2);
  });

  it('500 three times: BackendApiError status 500 after 3 requests', async () => {
    issuer.queueApiResponses({ status: 500 }, { status: 500 }, { status: 500 });
    const error = await rejectionOf(authenticatorFor(issuer).users.getUser('user_1'));
    expect(error).toBeInstanceOf(BackendApiError);
    expect(error).toMatchObject({ status: 500, code: 'internal_clerk_error' });
    expect((error as BackendApiError).errors[0]?.longMessage).toContain('internal error');
    expect((error as BackendApiError).clerkTraceId).toMatch(/^[0-9a-f]+$/);
    expect(issuer.stats.apiRequests).toBe(3);
  });

  it('the auth object rejects with the error for failures other than 404', async () => {
    const authenticator = authenticatorFor(issuer);
    const auth = await signedInAuth(authenticator, issuer, { userId: 'user_1' });
    issuer.resetStats();
    issuer.queueApiResponses({ status: 500 }, { status: 500 }, { status: 500 });
    expect(await rejectionOf(auth.getUser())).toMatchObject({ name: 'BackendApiError', status: 500 });
    expect(issuer.stats.apiRequests).toBe(3);
    // Failures are not cached: the next call asks again and succeeds.
    expect((await auth.getUser())?.id).toBe('user_1');
    expect(issuer.stats.apiRequests).toBe(4);
  });

  it('a 502 and a 503 are retried, then the answer is used', async () => {
    issuer.queueApiResponses({ status: 502 }, { status: 503 });
    expect((await authenticatorFor(issuer).users.getUser('user_1')).id).toBe('user_1');
    expect(issuer.stats.apiRequests).toBe(3);
  });

  it('a wrong secret key: BackendApiError 401, one request, and the key is in no message', async () => {
    const wrongKey = 'sk_test_0123456789wrongwrongwrong';
    const authenticator = authenticatorFor(issuer, { secretKey: wrongKey });
    const error = await rejectionOf(authenticator.users.getUser('user_1'));
    expect(error).toBeInstanceOf(BackendApiError);
    expect(error).toMatchObject({ status: 401, code: 'authentication_invalid' });
    expect(issuer.stats.apiRequests).toBe(1);
    const backendError = error as BackendApiError;
    expect(backendError.message).toContain('401');
    expect(backendError.message).not.toContain(wrongKey);
    expect(backendError.message).not.toContain(issuer.secretKey);
    expect(JSON.stringify(backendError.errors)).not.toContain(wrongKey);
    expect(String(backendError.stack)).not.toContain(wrongKey);
  });

  it('other 4xx are not retried', async () => {
    issuer.queueApiResponses({ status: 422 });
    expect(await rejectionOf(authenticatorFor(issuer).users.getUser('user_1'))).toMatchObject({
      status: 422,
    });
    expect(issuer.stats.apiRequests).toBe(1);
  });

  it('a Retry-After longer than 10 s is not waited out: the 429 is reported at once', async () => {
    issuer.queueApiResponses({ status: 429, retryAfterSeconds: 30 });
    const started = performance.now();
    const error = await rejectionOf(authenticatorFor(issuer).users.getUser('user_1'));
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(error).toMatchObject({ status: 429, code: 'too_many_requests', retryAfterSeconds: 30 });
    expect(issuer.stats.apiRequests).toBe(1);
  });

  it('each attempt has a timeout (apiTimeoutInMs); timeouts are retried, 3 attempts in all', async () => {
    issuer.setApiLatency(2_000);
    const started = performance.now();
    const error = await rejectionOf(
      authenticatorFor(issuer, { apiTimeoutInMs: 150 }).users.getUser('user_1'),
    );
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(error).toBeInstanceOf(BackendApiError);
    expect(error).toMatchObject({ status: 0, code: 'timeout' });
    expect((error as BackendApiError).message).toContain('150 ms');
    expect(issuer.stats.apiRequests).toBe(3);
  });

  it('one slow answer is retried and the next one used', async () => {
    issuer.queueApiResponses({ status: 200, delayMs: 1_000 });
    const user = await authenticatorFor(issuer, { apiTimeoutInMs: 150 }).users.getUser('user_1');
    expect(user.id).toBe('user_1');
    expect(issuer.stats.apiRequests).toBe(2);
  });

  it('network failures are retried, 3 attempts in all', async () => {
    let calls = 0;
    const failingFetch: typeof fetch = async (input, init) => {
      calls += 1;
      return fetch(input, init);
    };
    const closed = await createTestIssuer();
    const apiUrl = closed.url;
    await closed.close();
    const authenticator = authenticatorFor(issuer, { apiUrl, fetch: failingFetch });
    const error = await rejectionOf(authenticator.users.getUser('user_1'));
    expect(error).toMatchObject({ name: 'BackendApiError', status: 0, code: 'network_error' });
    expect(calls).toBe(3);
  });

  it('the trace id comes from the x-clerk-trace-id header when the body has none', async () => {
    const scripted = scriptedFetch(
      () =>
        new Response(
          JSON.stringify({ errors: [{ code: 'form_param_invalid', message: 'bad', long_message: 'Bad.' }] }),
          {
            status: 422,
            headers: { 'content-type': 'application/json', 'x-clerk-trace-id': 'trace_from_header' },
          },
        ),
    );
    const error = await rejectionOf(
      authenticatorFor(issuer, { fetch: scripted.fetch }).users.getUser('user_1'),
    );
    expect(error).toMatchObject({
      status: 422,
      code: 'form_param_invalid',
      clerkTraceId: 'trace_from_header',
      errors: [{ code: 'form_param_invalid', message: 'bad', longMessage: 'Bad.' }],
    });
    expect(scripted.calls()).toBe(1);
  });

  it('an error body that echoes the secret key has it redacted', async () => {
    const scripted = scriptedFetch(
      () =>
        new Response(
          JSON.stringify({
            errors: [
              {
                code: 'authentication_invalid',
                message: 'no',
                long_message: `Key ${issuer.secretKey} is revoked`,
              },
            ],
          }),
          { status: 401 },
        ),
    );
    const error = (await rejectionOf(
      authenticatorFor(issuer, { fetch: scripted.fetch }).users.getUser('user_1'),
    )) as BackendApiError;
    expect(error.status).toBe(401);
    expect(error.message).not.toContain(issuer.secretKey);
    expect(JSON.stringify(error.errors)).not.toContain(issuer.secretKey);
    expect(error.errors[0]?.longMessage).toBe('Key [secret key] is revoked');
  });

  it('a 200 whose body is not a JSON object is an error (502, unexpected_response), not retried', async () => {
    issuer.queueApiResponses({ status: 200, body: '<html>proxy</html>' });
    const error = await rejectionOf(authenticatorFor(issuer).users.getUser('user_1'));
    expect(error).toMatchObject({ name: 'BackendApiError', status: 502, code: 'unexpected_response' });
    expect(issuer.stats.apiRequests).toBe(1);
  });

  it('a body over 1 MiB is refused unread past the limit, and not retried', async () => {
    let pulled = 0;
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          pull(controller) {
            pulled += 64 * 1024;
            controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
          },
        }),
        { status: 200, headers: { 'content-type': 'application/json' } },
      );
    const scripted = scriptedFetch(endless);
    const error = await rejectionOf(
      authenticatorFor(issuer, { fetch: scripted.fetch }).users.getUser('user_1'),
    );
    expect(error).toBeInstanceOf(BackendApiError);
    expect(error).toMatchObject({ status: 502, code: 'unexpected_response' });
    expect((error as Error).message).toMatch(/larger than 1048576 bytes/);
    expect(scripted.calls()).toBe(1);
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
  });

  it('a body that never ends is cut at apiTimeoutInMs, even from a fetch that ignores the signal', async () => {
    const stalled = () =>
      new Response(new ReadableStream<Uint8Array>({ pull: () => new Promise<void>(() => {}) }), {
        status: 200,
      });
    const scripted = scriptedFetch(stalled);
    const app = authenticatorFor(issuer, { fetch: scripted.fetch, apiTimeoutInMs: 200 });
    const started = performance.now();
    const error = await rejectionOf(app.users.getUser('user_1'));
    expect(error).toMatchObject({ name: 'BackendApiError', code: 'timeout' });
    // Every attempt is cut at the timeout (the retries add their backoff).
    expect(performance.now() - started).toBeLessThan(scripted.calls() * 200 + 2_000);
  });
});
