// Machine auth objects from verified JWT claims (M2M JWTs, RFC 9068 access tokens).
import { scopesFromClaims } from '../claims/scopes.js';
import type { SessionClaims } from '../types/session-claims.js';
import { type MachineAuthObject, m2mTokenAuth, oauthTokenAuth } from './machine-auth.js';

/** Clerk's M2M JWTs carry `scopes` space-separated; access tokens `scope` / `scp` (RFC 9068, Okta). */
function jwtScopes(claims: SessionClaims): string[] {
  if (typeof claims.scopes === 'string') return claims.scopes.split(/\s+/).filter((scope) => scope !== '');
  return scopesFromClaims(claims) ?? [];
}

export function machineJwtAuth(
  type: 'm2m_token' | 'oauth_token',
  token: string,
  claims: SessionClaims,
): MachineAuthObject {
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  const identity = {
    id: typeof claims.jti === 'string' ? claims.jti : '',
    subject,
    scopes: jwtScopes(claims),
    // The verified claims as they are: the verifier froze them all the way down, so no copy is needed.
    claims: claims as Record<string, unknown>,
  };
  if (type === 'm2m_token') return m2mTokenAuth(token, identity);
  const clientId = typeof claims.client_id === 'string' ? claims.client_id : '';
  return oauthTokenAuth(token, identity, clientId);
}
