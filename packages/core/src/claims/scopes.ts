/** One `scope` / `scp` claim's scopes: a space-separated string, or a list of strings. */
function scopeList(claim: unknown): string[] {
  if (typeof claim === 'string') return claim.split(/\s+/).filter((scope) => scope.length > 0);
  if (Array.isArray(claim))
    return claim.filter((scope): scope is string => typeof scope === 'string' && scope.length > 0);
  return []; // present but malformed: grants nothing
}

/**
 * OAuth scopes of an access token (SPEC §5): RFC 8693/9068 `scope` (Auth0, Keycloak) wins over
 * `scp` (Okta's list; Entra ID's string). Null when the token has neither claim.
 */
export function scopesFromClaims(claims: Readonly<Record<string, unknown>>): string[] | null {
  if (claims.scope !== undefined) return scopeList(claims.scope);
  if (claims.scp !== undefined) return scopeList(claims.scp);
  return null;
}
