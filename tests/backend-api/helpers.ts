import {
  type Authenticator,
  type AuthOptions,
  createAuthenticator,
  type SignedInAuth,
} from '@sessionguard/core';
import type { TestIssuer } from '@sessionguard/testing';

/** A clock the test moves by hand; lookups read it through the `now` option. */
export interface FakeClock {
  now: () => number;
  advance(ms: number): void;
}

export function fakeClock(start = Date.now()): FakeClock {
  let current = start;
  return {
    now: () => current,
    advance(ms) {
      current += ms;
    },
  };
}

/** Verifies with the issuer's JWKS and looks up with its secret key, as an app with both would. */
export function authenticatorFor(issuer: TestIssuer, options: AuthOptions = {}): Authenticator {
  return createAuthenticator({
    jwksUrl: issuer.jwksUrl,
    secretKey: issuer.secretKey,
    apiUrl: issuer.url,
    ...options,
  });
}

export async function signedInAuth(
  authenticator: Authenticator,
  issuer: TestIssuer,
  claims: { userId: string; orgId?: string },
): Promise<SignedInAuth> {
  const token = await issuer.mintSessionToken(claims);
  const state = await authenticator.authenticateRequest({ headers: { authorization: `Bearer ${token}` } });
  if (!state.auth.isAuthenticated) throw new Error(`expected signed in, got ${state.reason}`);
  return state.auth;
}

/** Resolves to what the promise rejected with; fails the test if it resolved. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}
