import {
  type AcceptsToken,
  type AuthOptions,
  createAuthenticator,
  type RequestLike,
} from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, beforeEach } from 'vitest';

export function bearer(token: string): RequestLike {
  return { headers: { authorization: `Bearer ${token}` } };
}

/** A clock the test moves by hand (the `now` option). */
export function fakeClock(start = Date.now()): { now: () => number; advance(ms: number): void } {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
  };
}

export function randomApiKeyLike(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return `ak_${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/**
 * One test issuer for a file, put back to a known state before each test (no outage, no delay,
 * revoked tokens answered 404, counters at zero). Call inside a describe; read `.issuer` in tests.
 */
export function machineIssuerPerFile(): { issuer: TestIssuer } {
  const holder = {} as { issuer: TestIssuer };
  beforeAll(async () => {
    holder.issuer = await createTestIssuer();
  });
  beforeEach(() => {
    holder.issuer.setOutage(false);
    holder.issuer.setMachineVerifyDelay(0);
    holder.issuer.setInactiveTokenAnswer('not-found');
    holder.issuer.resetStats();
  });
  afterAll(() => holder.issuer.close());
  return holder;
}

/** An authenticator on the issuer's keys and Backend API that accepts these token types. */
export function machineAuthenticator<const Accepted extends AcceptsToken>(
  issuer: TestIssuer,
  acceptsToken: Accepted,
  extra: Omit<AuthOptions, 'acceptsToken'> = {},
) {
  return createAuthenticator({
    jwksUrl: issuer.jwksUrl,
    secretKey: issuer.secretKey,
    apiUrl: issuer.url,
    acceptsToken,
    ...extra,
  });
}
