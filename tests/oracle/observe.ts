import type { RequestState } from '@sessionguard/core';
import type { Observation } from './differences.js';

/** What Clerk's `authenticateRequest` resolved to, as an observation. */
export interface ClerkState {
  status: 'signed-in' | 'signed-out' | 'handshake';
  reason: string | null;
  headers: Headers;
  toAuth(): unknown;
}

/** The Location without the issuer's origin (Clerk reaches it through proxyUrl, ours by http for loopback). */
function location(value: string | null | undefined, issuerUrl: string): string | null {
  if (value === null || value === undefined) return null;
  return value.startsWith(`${issuerUrl}/`) ? value.slice(issuerUrl.length) : value;
}

/**
 * `name=value` of each `Set-Cookie`. With `minted`, the values the issuer mints anew for each SDK
 * (sessions, refresh tokens) are compared as present or deleted only.
 */
function setCookies(values: readonly string[], minted: boolean): string[] {
  return values.map((value) => {
    const pair = value.split(';')[0] ?? '';
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const cookie = pair.slice(at + 1).trim();
    return minted && cookie !== '' && /^__(session|refresh)/.test(name)
      ? `${name}=<minted>`
      : `${name}=${cookie}`;
  });
}

function ids(auth: unknown): Pick<Observation, 'userId' | 'sessionId'> {
  const { userId = null, sessionId = null } = (auth ?? {}) as {
    userId?: string | null;
    sessionId?: string | null;
  };
  return { userId, sessionId };
}

export function observeClerk(state: ClerkState, issuerUrl: string, minted: boolean): Observation {
  return {
    status: state.status,
    reason: state.reason,
    location: location(state.headers.get('location'), issuerUrl),
    setCookie: setCookies(state.headers.getSetCookie(), minted),
    ...(state.status === 'signed-in' ? ids(state.toAuth()) : { userId: null, sessionId: null }),
    cacheControl: state.headers.get('cache-control'),
    corsOrigin: state.headers.get('access-control-allow-origin'),
  };
}

export function observeOurs(state: RequestState, issuerUrl: string, minted: boolean): Observation {
  return {
    status: state.status,
    reason: state.reason,
    location: location(state.location, issuerUrl),
    setCookie: setCookies(state.setCookie ?? [], minted),
    ...(state.status === 'signed-in' ? ids(state.auth) : { userId: null, sessionId: null }),
    cacheControl: state.headers['cache-control'] ?? null,
    corsOrigin: state.headers['access-control-allow-origin'] ?? null,
  };
}

export const THROWS: Observation = {
  status: 'throws',
  reason: null,
  location: null,
  setCookie: [],
  userId: null,
  sessionId: null,
  cacheControl: null,
  corsOrigin: null,
};
