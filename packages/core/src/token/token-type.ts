import type { JwtHeader } from './decode-jwt.js';

/** The four token types Clerk's backend accepts (SPEC §9.1). */
export const TOKEN_TYPES = Object.freeze(['session_token', 'api_key', 'm2m_token', 'oauth_token'] as const);
export type TokenType = (typeof TOKEN_TYPES)[number];
export type MachineTokenType = Exclude<TokenType, 'session_token'>;
/** Which token types a middleware or guard verifies: one type, a list of them, or every type. */
export type AcceptsToken = TokenType | readonly TokenType[] | 'any';

/** Clerk's header `cat` of session tokens. */
export const SESSION_TOKEN_CATEGORY = 'cl_B7d4PD111AAA';
/** Clerk's "ignore" category: a session token whose category a verifier must not hold against it. */
export const IGNORE_TOKEN_CATEGORY = 'cl_I7d4PD111III';
/** Clerk's header `cat` of M2M JWTs. */
export const M2M_TOKEN_CATEGORY = 'cl_B7d4PD333AAA';
/** Clerk's machine ids: a JWT about a machine is an M2M token, whatever else it says. */
const MACHINE_SUBJECT_PREFIX = 'mch_';

export const TOKEN_TYPE_NAMES: Readonly<Record<TokenType, string>> = Object.freeze({
  session_token: 'a session token',
  api_key: 'an API key',
  m2m_token: 'an M2M token',
  oauth_token: 'an OAuth access token',
});

/** Opaque machine tokens by prefix (Clerk); undefined for anything else (a JWT, say). */
export function opaqueTokenType(token: string): MachineTokenType | undefined {
  if (token.startsWith('ak_')) return 'api_key';
  if (token.startsWith('mt_')) return 'm2m_token';
  if (token.startsWith('oat_')) return 'oauth_token';
  return undefined;
}

/** RFC 9068 access tokens; `typ` is a media type, so its case does not matter. */
export function isAccessTokenTyp(typ: unknown): boolean {
  if (typeof typ !== 'string') return false;
  const lower = typ.toLowerCase();
  return lower === 'at+jwt' || lower === 'application/at+jwt';
}

/** The type of a decoded JWT (SPEC §9.1). Reads the token only. */
export function jwtTokenType(header: JwtHeader, payload: { sub?: unknown }): TokenType {
  if (
    header.cat === M2M_TOKEN_CATEGORY ||
    (typeof payload.sub === 'string' && payload.sub.startsWith(MACHINE_SUBJECT_PREFIX))
  ) {
    return 'm2m_token';
  }
  if (isAccessTokenTyp(header.typ)) return 'oauth_token';
  return 'session_token';
}
