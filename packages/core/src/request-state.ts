import { type SignedInAuth, type SignedOutAuth, signedOutAuthObject } from './auth/auth-object.js';
import type {
  ApiKeyAuth,
  M2MTokenAuth,
  OAuthTokenAuth,
  UnauthenticatedMachineAuth,
} from './machine/machine-auth.js';
import type { AcceptsToken, MachineTokenType, TokenType } from './token/token-type.js';

/** The types an `acceptsToken` value accepts. */
export type AcceptedType<A extends AcceptsToken> = A extends 'any'
  ? TokenType
  : A extends readonly (infer T)[]
    ? T
    : A;

interface SignedInAuthByType {
  session_token: SignedInAuth;
  api_key: ApiKeyAuth;
  m2m_token: M2MTokenAuth;
  oauth_token: OAuthTokenAuth;
}

interface SignedOutAuthByType {
  session_token: SignedOutAuth;
  api_key: UnauthenticatedMachineAuth<'api_key'> | SignedOutAuth;
  m2m_token: UnauthenticatedMachineAuth<'m2m_token'> | SignedOutAuth;
  oauth_token: UnauthenticatedMachineAuth<'oauth_token'> | SignedOutAuth;
}

/**
 * What `auth` can be when the types `T` are accepted: a signed-in object of one of them, the
 * unauthenticated object of an accepted machine type that failed, or signed out.
 */
export type AuthFor<T extends TokenType> = SignedInAuthByType[T] | SignedOutAuthByType[T] | SignedOutAuth;

/** The auth object whose `tokenType` is one of `T`: signed in, or signed out of that type. */
export type AuthOfType<T extends TokenType> = T extends 'session_token'
  ? SignedInAuth | SignedOutAuth
  : T extends MachineTokenType
    ? SignedInAuthByType[T] | UnauthenticatedMachineAuth<T>
    : never;

/**
 * The result of authenticating one request. `T`: the token types the authenticating call accepted
 * (every type unless known).
 */
export interface RequestState<T extends TokenType = TokenType> {
  /** `handshake`: the browser is sent through the Frontend API once (SPEC §12.4); its auth is signed out. */
  status: 'signed-in' | 'signed-out' | 'handshake';
  /** Null when signed in. */
  reason: string | null;
  /** A session auth object (§5), or a machine one (§9.5) when a machine token was verified. */
  auth: AuthFor<T>;
  /** What the presented token is (§9.1); null when there is none (or it is neither kind). */
  tokenType: TokenType | null;
  /** The raw token, only when signed in. */
  token: string | null;
  /**
   * Headers to add to the response: Clerk's x-clerk-auth-* debug headers (never a token, never the
   * auth message) and, for browser sessions (SPEC §12), `Cache-Control`.
   */
  headers: Record<string, string>;
  /**
   * Where to answer `307` instead of running the route (SPEC §12.4): a handshake, or a development
   * handshake resolution (§12.5, signed in or out). Null otherwise. An adapter asks
   * `answersItself(state)` (`@sessionguard/core/adapter`).
   */
  location: string | null;
  /**
   * `Set-Cookie` values to send, each one header, in order (SPEC §12.4–12.6); `NO_SET_COOKIE` when
   * none. An adapter appends them to the response it lets through, never replacing a route's own.
   */
  setCookie: readonly string[];
}

/** The shared empty `setCookie` of every state that sets no cookie (frozen: never appended to). */
export const NO_SET_COOKIE: readonly string[] = Object.freeze([]);

/** Clerk's debug headers of a signed-out request (SPEC §6): never the message, never a token. */
function signedOutHeaders(reason: string): Record<string, string> {
  return { 'x-clerk-auth-status': 'signed-out', 'x-clerk-auth-reason': reason };
}

/**
 * Signed out with `reason`; `message` goes to the auth object only. The one builder of a signed-out
 * state: the authenticator's paths and the browser layer (with its headers, redirect and cookies).
 */
export function signedOutState(
  reason: string,
  message: string,
  tokenType: TokenType | null = null,
  headers: Record<string, string> = signedOutHeaders(reason),
  location: string | null = null,
  setCookie: readonly string[] = NO_SET_COOKIE,
): RequestState {
  return {
    status: 'signed-out',
    reason,
    auth: signedOutAuthObject(reason, message),
    tokenType,
    token: null,
    headers,
    location,
    setCookie,
  };
}
