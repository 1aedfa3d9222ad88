// Machine auth objects (SPEC §9.5), with Clerk's field names per token type.
import { deepFreeze } from '../claims/deep-freeze.js';
import { namesNothing } from '../claims/has-arguments.js';
import type { MachineTokenType } from '../token/token-type.js';

/**
 * What a machine auth object's `has` reads: a scope only. A machine has no role, permission,
 * feature, plan or factor age, so asking any of them makes `has` false (SPEC §5).
 */
export interface MachineHasCheck {
  scope?: string;
  role?: string;
  permission?: string;
  feature?: string;
  plan?: string;
  reverification?: unknown;
}

interface MachineAuthBase<T extends MachineTokenType> {
  isAuthenticated: true;
  tokenType: T;
  id: string;
  subject: string;
  scopes: string[];
  getToken(): Promise<string>;
  /** True when the token carries the scope (Clerk's always answers false). */
  has(check: MachineHasCheck): boolean;
}

export interface ApiKeyAuth extends MachineAuthBase<'api_key'> {
  name: string;
  claims: Record<string, unknown> | null;
  /** The subject when it is a user (`user_…`). */
  userId: string | null;
  /** The subject when it is an organization (`org_…`). */
  orgId: string | null;
}

export interface M2MTokenAuth extends MachineAuthBase<'m2m_token'> {
  claims: Record<string, unknown> | null;
  machineId: string;
}

export interface OAuthTokenAuth extends MachineAuthBase<'oauth_token'> {
  userId: string;
  clientId: string;
}

export type MachineAuthObject = ApiKeyAuth | M2MTokenAuth | OAuthTokenAuth;

/** The fields every machine type shares, as read from a verify answer or a JWT. */
export interface MachineIdentity {
  id: string;
  subject: string;
  scopes: string[];
  claims: Record<string, unknown> | null;
}

// Frozen all the way down, as a session's auth object is: one object serves every request with the
// same verdict, so what a handler writes must reach no other request (SPEC §5).

const SESSION_DIMENSIONS = ['role', 'permission', 'feature', 'plan'] as const;

/** A session-only dimension that is asked (not absent, not naming nothing): a machine never has it. */
function asksSessionDimension(check: MachineHasCheck): boolean {
  if (check.reverification !== undefined) return true;
  for (const name of SESSION_DIMENSIONS) {
    const value: unknown = check[name];
    if (value !== undefined && (typeof value !== 'string' || !namesNothing(value))) return true;
  }
  return false;
}

/** Clerk's `has()` on a machine: the scope asked is one the token carries, and nothing else is asked. */
function scopeCheck(scopes: readonly string[]): (check: MachineHasCheck) => boolean {
  return (check) => {
    if (typeof check !== 'object' || check === null) return false;
    const { scope } = check;
    return (
      typeof scope === 'string' && scope !== '' && scopes.includes(scope) && !asksSessionDimension(check)
    );
  };
}

function prefixed(subject: string, prefix: string): string | null {
  return subject.startsWith(prefix) ? subject : null;
}

export function apiKeyAuth(token: string, identity: MachineIdentity, name: string): ApiKeyAuth {
  const { id, subject, scopes, claims } = identity;
  return Object.freeze({
    isAuthenticated: true,
    tokenType: 'api_key',
    id,
    subject,
    scopes: Object.freeze(scopes) as string[],
    name,
    claims: deepFreeze(claims),
    userId: prefixed(subject, 'user_'),
    orgId: prefixed(subject, 'org_'),
    getToken: () => Promise.resolve(token),
    has: scopeCheck(scopes),
  });
}

export function m2mTokenAuth(token: string, identity: MachineIdentity): M2MTokenAuth {
  const { id, subject, scopes, claims } = identity;
  return Object.freeze({
    isAuthenticated: true,
    tokenType: 'm2m_token',
    id,
    subject,
    scopes: Object.freeze(scopes) as string[],
    claims: deepFreeze(claims),
    machineId: subject,
    getToken: () => Promise.resolve(token),
    has: scopeCheck(scopes),
  });
}

export function oauthTokenAuth(token: string, identity: MachineIdentity, clientId: string): OAuthTokenAuth {
  const { id, subject, scopes } = identity;
  return Object.freeze({
    isAuthenticated: true,
    tokenType: 'oauth_token',
    id,
    subject,
    scopes: Object.freeze(scopes) as string[],
    userId: subject,
    clientId,
    getToken: () => Promise.resolve(token),
    has: scopeCheck(scopes),
  });
}

/** A machine token of this type was presented but did not verify (§9.5): Clerk's keys, all null. */
export interface UnauthenticatedMachineAuth<T extends MachineTokenType = MachineTokenType> {
  isAuthenticated: false;
  tokenType: T;
  id: null;
  subject: null;
  scopes: null;
  name: null;
  claims: null;
  userId: null;
  orgId: null;
  machineId: null;
  clientId: null;
  /** Why, e.g. `token-invalid`. */
  reason: string;
  /** For logs; never contains the token. */
  message: string;
  getToken(): Promise<null>;
  has(check?: MachineHasCheck): false;
}

/** `getAuth(req, { acceptsToken: [...] })` when the token's type is not in the list (Clerk). */
export interface InvalidTokenAuth {
  isAuthenticated: false;
  tokenType: null;
  reason: string;
  message: string;
  getToken(): Promise<null>;
  has(check?: unknown): false;
}

const never = (): false => false;
const noToken = (): Promise<null> => Promise.resolve(null);

export function unauthenticatedMachineAuth<T extends MachineTokenType>(
  tokenType: T,
  reason: string,
  message: string,
): UnauthenticatedMachineAuth<T> {
  return Object.freeze({
    isAuthenticated: false,
    tokenType,
    id: null,
    subject: null,
    scopes: null,
    name: null,
    claims: null,
    userId: null,
    orgId: null,
    machineId: null,
    clientId: null,
    reason,
    message,
    getToken: noToken,
    has: never,
  });
}

export function invalidTokenAuth(reason: string, message: string): InvalidTokenAuth {
  return Object.freeze({
    isAuthenticated: false,
    tokenType: null,
    reason,
    message,
    getToken: noToken,
    has: never,
  });
}
