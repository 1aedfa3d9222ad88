import type { CookieJar } from './cookie-jar.js';
import { namesFrontendApi } from './frontend-api-issuer.js';
import type { InstanceType } from './settings.js';
import { numericClaim, type TokenPeek } from './token-peek.js';

export interface CookieChoiceContext {
  readonly instance: InstanceType;
  readonly frontendApiHost: string;
  /** frontendApiIssuers of that host. */
  readonly frontendApiIssuers: readonly string[];
  readonly nowMs: number;
  readonly peek: TokenPeek;
}

/**
 * SPEC §12.2 rules 1–8 (Clerk's `usesSuffixedCookies`), first that holds decides: true reads the
 * suffixed set of `__session`, `__client_uat` and `__clerk_db_jwt`, false the plain one. Compares
 * the raw `__client_uat` strings, as Clerk does.
 */
export function usesSuffixedCookies(jar: CookieJar, context: CookieChoiceContext): boolean {
  const { session, sessionSuffixed, clientUat, clientUatSuffixed } = jar;
  const plain = context.peek(session);
  if (session !== undefined) {
    const iss = plain?.iss;
    if (!iss) return false; // 1: a plain session that does not decode or names no issuer
    // 2: another app's session on the same site (its issuer is another Frontend API)
    if (
      typeof iss !== 'string' ||
      !namesFrontendApi(iss, context.frontendApiHost, context.frontendApiIssuers)
    )
      return true;
  }
  if (clientUatSuffixed === undefined && sessionSuffixed === undefined) return false; // 3
  const suffixed = context.peek(sessionSuffixed);
  // 4: both signed in, and the plain session is the newer one
  if (
    clientUatSuffixed !== '0' &&
    clientUat !== '0' &&
    numericClaim(plain, 'iat') > numericClaim(suffixed, 'iat')
  ) {
    return false;
  }
  if (clientUatSuffixed === '0' && clientUat !== '0') return false; // 5
  if (
    context.instance === 'development' &&
    clientUatSuffixed !== '0' &&
    clientUat === '0' &&
    suffixed !== undefined &&
    // 6: no skew here (Clerk); a missing `exp` is never expired
    typeof suffixed.exp === 'number' &&
    suffixed.exp <= Math.floor(context.nowMs / 1000)
  ) {
    return false;
  }
  if (clientUatSuffixed === undefined && sessionSuffixed !== undefined) return false; // 7
  return true; // 8
}
