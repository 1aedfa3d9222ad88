import { encodeCompactPermissions } from './claims-v2.js';
import { randomId } from './random.js';

/** Clerk's session-token category (`cat` header); verifiers use it to tell session tokens apart. */
export const SESSION_TOKEN_CATEGORY = 'cl_B7d4PD111AAA';

export interface MintOptions {
  userId: string;
  /** Default `'sess_'` + random. */
  sessionId?: string;
  orgId?: string;
  orgSlug?: string;
  /** Like `'org:admin'`; v2 stores it without the prefix in `o.rol`. */
  orgRole?: string;
  /** Like `['org:memberships:manage']`; only used together with `orgId`. */
  orgPermissions?: string[];
  /** Extra `fea` entries besides the org permission features, e.g. `['u:ai', 'o:analytics']`. */
  features?: string[];
  /** `pla` entries, e.g. `['u:pro', 'o:business']`. */
  plans?: string[];
  /** Factor verification age in minutes, put as-is into `fva` (malformed values allowed on purpose). */
  fva?: [number, number] | unknown;
  /** Default `'http://localhost:3000'`. */
  azp?: string;
  actor?: { sub: string; [claim: string]: unknown };
  status?: 'active' | 'pending';
  /** Default 60; `exp = iat + expiresInSeconds`. */
  expiresInSeconds?: number;
  /** Seconds since epoch; default now. `nbf = iat`. */
  issuedAt?: number;
  /** Session claims version, default 2. */
  version?: 1 | 2;
  /** Merged over the payload last; a key set to `undefined` removes that claim. */
  claims?: Record<string, unknown>;
  /** Merged over the header last; a key set to `undefined` removes that header. */
  header?: Record<string, unknown>;
  /** Sign with this key (see `addKey`) instead of the current one. */
  keyId?: string;
}

export interface UnsignedToken {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
}

/** Applies overrides where `undefined` means "remove", so tests can drop required claims. */
function mergeRemovingUndefined(
  base: Record<string, unknown>,
  overrides: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}

function withoutOrgPrefix(role: string): string {
  return role.startsWith('org:') ? role.slice(4) : role;
}

function organizationClaims(options: MintOptions): Record<string, unknown> {
  const features = options.features ?? [];
  const plans = options.plans ?? [];
  const claims: Record<string, unknown> = {};
  const orgId = options.orgId;

  if (options.version === 1) {
    if (orgId !== undefined) {
      claims.org_id = orgId;
      if (options.orgRole !== undefined) claims.org_role = options.orgRole;
      if (options.orgSlug !== undefined) claims.org_slug = options.orgSlug;
      claims.org_permissions = options.orgPermissions ?? [];
    }
    if (features.length > 0) claims.fea = features.join(',');
  } else {
    claims.v = 2;
    const permissions = orgId !== undefined ? (options.orgPermissions ?? []) : [];
    const compact = encodeCompactPermissions(permissions, features);
    if (orgId !== undefined) {
      const org: Record<string, unknown> = { id: orgId };
      if (options.orgRole !== undefined) org.rol = withoutOrgPrefix(options.orgRole);
      if (options.orgSlug !== undefined) org.slg = options.orgSlug;
      if (compact.per !== '') {
        org.per = compact.per;
        org.fpm = compact.fpm;
      }
      claims.o = org;
    }
    if (compact.fea !== '') claims.fea = compact.fea;
  }
  if (plans.length > 0) claims.pla = plans.join(',');
  return claims;
}

/** Header and payload of a Clerk session token, before signing. */
export function buildSessionToken(
  options: MintOptions,
  issuer: { url: string; kid: string; alg: string },
): UnsignedToken {
  if (typeof options.userId !== 'string') throw new TypeError('mintSessionToken needs a userId');
  const iat = options.issuedAt ?? Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = {
    sub: options.userId,
    sid: options.sessionId ?? randomId('sess'),
    iss: issuer.url,
    azp: options.azp ?? 'http://localhost:3000',
    iat,
    nbf: iat,
    exp: iat + (options.expiresInSeconds ?? 60),
    ...organizationClaims(options),
  };
  if (options.fva !== undefined) payload.fva = options.fva;
  if (options.actor !== undefined) payload.act = options.actor;
  if (options.status !== undefined) payload.sts = options.status;

  const header = { alg: issuer.alg, kid: issuer.kid, typ: 'JWT', cat: SESSION_TOKEN_CATEGORY };
  return {
    header: mergeRemovingUndefined(header, options.header),
    payload: mergeRemovingUndefined(payload, options.claims),
  };
}
