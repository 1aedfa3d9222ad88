import type { SessionClaims } from '../types/session-claims.js';
import { orgScopedFeatures } from './features.js';

export interface OrganizationFields {
  orgId: string | null;
  orgRole: string | null;
  orgSlug: string | null;
  orgPermissions: string[] | null;
}

const NO_ORGANIZATION: OrganizationFields = Object.freeze({
  orgId: null,
  orgRole: null,
  orgSlug: null,
  orgPermissions: null,
});

function str(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

function commaList(value: unknown): string[] {
  return typeof value === 'string' && value.length > 0 ? value.split(',').map((part) => part.trim()) : [];
}

/**
 * v2 packs permissions as bitmasks: the j-th org-scoped feature in `fea` pairs with the j-th mask in
 * `fpm`, and bit i (least significant first) grants `org:<feature>:<per[i]>`. BigInt keeps masks exact.
 */
export function expandOrgPermissions(fea: unknown, per: unknown, fpm: unknown): string[] {
  const features = orgScopedFeatures(fea);
  const permissions = commaList(per);
  const masks = commaList(fpm);
  const granted: string[] = [];
  features.forEach((feature, j) => {
    const maskText = masks[j];
    if (maskText === undefined || !/^\d+$/.test(maskText)) return;
    let mask = BigInt(maskText);
    for (let i = 0; mask > 0n && i < permissions.length; i++, mask >>= 1n) {
      if (mask & 1n) granted.push(`org:${feature}:${permissions[i]}`);
    }
  });
  return granted;
}

/** Session claims v1 and v2 give the same organization fields (Clerk). */
export function organizationFromClaims(claims: SessionClaims): OrganizationFields {
  if (claims.v === 2 || (claims.o !== undefined && claims.org_id === undefined)) {
    const o = claims.o;
    const orgId = str(o?.id);
    if (o === undefined || orgId === null) return NO_ORGANIZATION;
    const role = str(o.rol);
    return {
      orgId,
      orgRole: role === null ? null : role.startsWith('org:') ? role : `org:${role}`,
      orgSlug: str(o.slg),
      orgPermissions: expandOrgPermissions(claims.fea, o.per, o.fpm),
    };
  }
  const orgId = str(claims.org_id);
  if (orgId === null) return NO_ORGANIZATION;
  const permissions = claims.org_permissions;
  return {
    orgId,
    orgRole: str(claims.org_role),
    orgSlug: str(claims.org_slug),
    orgPermissions: Array.isArray(permissions)
      ? permissions.filter((p): p is string => typeof p === 'string')
      : [],
  };
}
