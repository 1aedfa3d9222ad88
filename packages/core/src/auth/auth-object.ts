import type { Lookups, Organization, User } from '../backend-api/types.js';
import { scopesFromClaims } from '../claims/scopes.js';
import type { SessionClaims } from '../types/session-claims.js';
import { type ScopedNames, splitByScope } from './features.js';
import { type HasCheck, type HasContext, has, withoutOrgPrefix } from './has.js';
import { organizationFromClaims } from './organization.js';
import { isReverified, type ReverificationConfig, type ReverificationPreset } from './reverification.js';

export interface SignedInAuth {
  isAuthenticated: true;
  tokenType: 'session_token';
  userId: string;
  sessionId: string | null;
  sessionStatus: 'active' | 'pending' | null;
  sessionClaims: SessionClaims;
  actor: { sub: string; [key: string]: unknown } | null;
  orgId: string | null;
  orgRole: string | null;
  orgSlug: string | null;
  orgPermissions: string[] | null;
  factorVerificationAge: [number, number] | null;
  /** OAuth scopes from the token's `scope` / `scp` claim; null when it has neither (Clerk session tokens). */
  scopes: string[] | null;
  has(check: HasCheck): boolean;
  needsReverification(preset?: ReverificationPreset | ReverificationConfig): boolean;
  getToken(): Promise<string>;
  getUser(): Promise<User | null>;
  getOrganization(): Promise<Organization | null>;
}

export interface SignedOutAuth {
  isAuthenticated: false;
  tokenType: 'session_token';
  userId: null;
  sessionId: null;
  sessionStatus: null;
  sessionClaims: null;
  actor: null;
  orgId: null;
  orgRole: null;
  orgSlug: null;
  orgPermissions: null;
  factorVerificationAge: null;
  scopes: null;
  /** Why the request is signed out, e.g. `token-expired`. */
  reason: string;
  /** For logs; never contains the token. */
  message: string;
  has(check?: HasCheck): false;
  needsReverification(preset?: ReverificationPreset | ReverificationConfig): true;
  getToken(): Promise<null>;
  getUser(): Promise<null>;
  getOrganization(): Promise<null>;
}

export type AuthObject = SignedInAuth | SignedOutAuth;

function factorAges(fva: unknown): [number, number] | null {
  return Array.isArray(fva) && fva.length === 2 && typeof fva[0] === 'number' && typeof fva[1] === 'number'
    ? (Object.freeze([fva[0], fva[1]]) as [number, number])
    : null;
}

const frozenList = (list: string[] | null): string[] | null =>
  list === null ? null : (Object.freeze(list) as string[]);

/**
 * One auth object serves every request with the same kept verification, so it is frozen all the way
 * down (§5): its claims by the verifier, its own lists here, once per object.
 */
export function signedInAuthObject(token: string, claims: SessionClaims, lookups: Lookups): SignedInAuth {
  const organization = organizationFromClaims(claims);
  const scopes = scopesFromClaims(claims);
  let features: ScopedNames | undefined;
  let plans: ScopedNames | undefined;
  let permissionNames: ReadonlySet<string> | undefined;
  const hasContext: HasContext = {
    orgId: organization.orgId,
    orgRoleName: organization.orgRole === null ? null : withoutOrgPrefix(organization.orgRole),
    orgPermissionNames: () =>
      (permissionNames ??= new Set((organization.orgPermissions ?? []).map(withoutOrgPrefix))),
    fva: claims.fva,
    features: () => (features ??= splitByScope(claims.fea)),
    plans: () => (plans ??= splitByScope(claims.pla)),
    scopes: scopes === null ? null : new Set(scopes),
  };
  const actor = claims.act;
  const status = claims.sts;
  return Object.freeze({
    isAuthenticated: true,
    tokenType: 'session_token',
    userId: claims.sub,
    sessionId: typeof claims.sid === 'string' ? claims.sid : null,
    sessionStatus: status === 'active' || status === 'pending' ? status : null,
    sessionClaims: claims,
    actor: typeof actor === 'object' && actor !== null && typeof actor.sub === 'string' ? actor : null,
    ...organization,
    orgPermissions: frozenList(organization.orgPermissions),
    factorVerificationAge: factorAges(claims.fva),
    scopes: frozenList(scopes),
    has: (check: HasCheck) => has(hasContext, check),
    needsReverification: (preset?: ReverificationPreset | ReverificationConfig) =>
      !isReverified(claims.fva, preset),
    getToken: () => Promise.resolve(token),
    getUser: () => lookups.findUser(claims.sub),
    getOrganization: () =>
      organization.orgId === null ? Promise.resolve(null) : lookups.findOrganization(organization.orgId),
  });
}

const resolvedNull = (): Promise<null> => Promise.resolve(null);

/** At most this many signed-out kinds (reason and message) are kept; past it each is built anew. */
const SIGNED_OUT_KINDS = 256;
/** `reason\0message` → its frozen object: an anonymous request builds none (SPEC §5: frozen, so shareable). */
const signedOutKinds = new Map<string, SignedOutAuth>();

/** The signed-out auth object of `reason` and `message`: one frozen object per kind, shared. */
export function signedOutAuthObject(reason: string, message: string): SignedOutAuth {
  const kind = `${reason}\0${message}`;
  const kept = signedOutKinds.get(kind);
  if (kept !== undefined) return kept;
  const built = buildSignedOutAuthObject(reason, message);
  // Bounded: a message can carry what a request sent (a kid, say), so kinds are not trusted to be few.
  if (signedOutKinds.size < SIGNED_OUT_KINDS) signedOutKinds.set(kind, built);
  return built;
}

/** The plain way, one new object per call (signedOutAuthObject keeps what it builds). */
export function buildSignedOutAuthObject(reason: string, message: string): SignedOutAuth {
  return Object.freeze({
    isAuthenticated: false,
    tokenType: 'session_token',
    userId: null,
    sessionId: null,
    sessionStatus: null,
    sessionClaims: null,
    actor: null,
    orgId: null,
    orgRole: null,
    orgSlug: null,
    orgPermissions: null,
    factorVerificationAge: null,
    scopes: null,
    reason,
    message,
    has: () => false as const,
    needsReverification: () => true as const,
    getToken: resolvedNull,
    getUser: resolvedNull,
    getOrganization: resolvedNull,
  });
}
