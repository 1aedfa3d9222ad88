/** A `fea`/`pla` claim split by scope: `o`/`ou`/`uo` count for the organization, `u`/`ou`/`uo` for the user. */
export interface ScopedNames {
  org: ReadonlySet<string>;
  user: ReadonlySet<string>;
}

function entries(claim: unknown): Array<[scope: string, name: string]> {
  if (typeof claim !== 'string' || claim.length === 0) return [];
  const out: Array<[string, string]> = [];
  for (const raw of claim.split(',')) {
    const item = raw.trim();
    const colon = item.indexOf(':');
    if (colon > 0 && colon < item.length - 1) out.push([item.slice(0, colon), item.slice(colon + 1)]);
  }
  return out;
}

export function splitByScope(claim: unknown): ScopedNames {
  const org = new Set<string>();
  const user = new Set<string>();
  for (const [scope, name] of entries(claim)) {
    if (scope.includes('o')) org.add(name);
    if (scope.includes('u')) user.add(name);
  }
  return { org, user };
}

/** Org-scoped features of `fea`, in claim order: the order `fpm` masks pair with. */
export function orgScopedFeatures(claim: unknown): string[] {
  return entries(claim)
    .filter(([scope]) => scope === 'o' || scope === 'ou' || scope === 'uo')
    .map(([, name]) => name);
}

const ORG_SCOPES = new Set(['o', 'org', 'organization']);
const USER_SCOPES = new Set(['u', 'user']);

/** `has({ feature })` / `has({ plan })`: `scope:name` checks that scope; a bare name checks both. */
export function hasScopedName(names: ScopedNames, asked: string): boolean {
  const colon = asked.indexOf(':');
  if (colon === -1) return names.org.has(asked) || names.user.has(asked);
  const scope = asked.slice(0, colon);
  const name = asked.slice(colon + 1);
  if (ORG_SCOPES.has(scope)) return names.org.has(name);
  if (USER_SCOPES.has(scope)) return names.user.has(name);
  return false;
}
