/**
 * Clerk's compact v2 encoding of organization permissions (SPEC §4.3):
 * `fea` lists `scope:feature`, `o.per` lists distinct permission names, and `o.fpm` holds one
 * decimal bitmask per org-scoped feature of `fea`, bit i set when that feature has `per[i]`.
 */
export interface CompactPermissions {
  /** Comma list for `fea`, org permission features first; '' when there are none. */
  fea: string;
  /** Comma list for `o.per`; '' when there are no org permissions. */
  per: string;
  /** Comma list for `o.fpm`; '' when there are no org permissions. */
  fpm: string;
}

interface ParsedPermission {
  feature: string;
  permission: string;
}

/** Splits `org:<feature>:<permission>`; anything else cannot be expressed in v2 claims. */
export function parseOrgPermission(value: string): ParsedPermission {
  const match = /^org:([^:,]+):([^,]+)$/.exec(value);
  if (!match) {
    throw new TypeError(
      `Organization permission ${JSON.stringify(value)} is not of the form 'org:<feature>:<permission>'`,
    );
  }
  return { feature: match[1]!, permission: match[2]! };
}

/** A `fea` entry is org-scoped when its scope mentions the organization (`o`, `ou`, `uo`). */
export function isOrgScopedFeature(entry: string): boolean {
  const colon = entry.indexOf(':');
  return colon > 0 && entry.slice(0, colon).includes('o');
}

export function encodeCompactPermissions(
  orgPermissions: readonly string[],
  extraFeatures: readonly string[] = [],
): CompactPermissions {
  const permissionNames: string[] = [];
  const permissionsByFeature = new Map<string, Set<string>>();
  for (const value of orgPermissions) {
    const { feature, permission } = parseOrgPermission(value);
    if (!permissionNames.includes(permission)) permissionNames.push(permission);
    const granted = permissionsByFeature.get(feature) ?? new Set<string>();
    granted.add(permission);
    permissionsByFeature.set(feature, granted);
  }

  const features = [...permissionsByFeature.keys()].map((feature) => `o:${feature}`);
  // BigInt keeps masks exact past 2^53 (more than 53 distinct permission names).
  const masks = [...permissionsByFeature.values()].map((granted) =>
    permissionNames.reduce((mask, name, bit) => (granted.has(name) ? mask | (1n << BigInt(bit)) : mask), 0n),
  );

  for (const entry of extraFeatures) {
    if (features.includes(entry)) continue;
    features.push(entry);
    // Every org-scoped feature owns an fpm slot, so the j-th feature still pairs with the j-th mask.
    if (masks.length > 0 && isOrgScopedFeature(entry)) masks.push(0n);
  }

  return {
    fea: features.join(','),
    per: permissionNames.join(','),
    fpm: masks.map((mask) => mask.toString()).join(','),
  };
}
