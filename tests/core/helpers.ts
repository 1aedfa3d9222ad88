import { type AuthOptions, createAuthenticator, type RequestState } from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';

/** A clock the tests move by hand (the only fake in these tests). */
export class FakeClock {
  constructor(public ms = Date.now()) {}
  now = (): number => this.ms;
  advance(ms: number): void {
    this.ms += ms;
  }
  get seconds(): number {
    return Math.floor(this.ms / 1000);
  }
}

export function bearer(token: string): { headers: Record<string, string> } {
  return { headers: { authorization: `Bearer ${token}` } };
}

export async function authenticate(options: AuthOptions, token: string): Promise<RequestState> {
  return createAuthenticator(options).authenticateRequest(bearer(token));
}

/** Issuers are slow to make (key generation): share them per file. */
export async function withIssuer(alg?: 'RS256' | 'ES256' | 'EdDSA'): Promise<TestIssuer> {
  return createTestIssuer(alg ? { alg } : {});
}

export function expectSignedOut(state: RequestState, reason: string, token?: string): void {
  if (state.status !== 'signed-out' || state.reason !== reason) {
    throw new Error(
      `expected signed-out/${reason}, got ${state.status}/${state.reason}: ${state.auth.isAuthenticated ? '' : state.auth.message}`,
    );
  }
  if (state.auth.isAuthenticated) throw new Error('signed-out state with a signed-in auth object');
  if (token && (state.auth.message.includes(token) || JSON.stringify(state.headers).includes(token))) {
    throw new Error('the message or headers contain the token');
  }
}
