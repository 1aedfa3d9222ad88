import { acceptedTypes } from '../options.js';
import { type AcceptsToken, TOKEN_TYPES, type TokenType } from '../token/token-type.js';

/**
 * A set of token types as bits, one per type of TOKEN_TYPES: what a guard verifies, OR-ed per request
 * into the attached record with no allocation (SPEC §9.2, getAuth's check below).
 */
export type TypeSet = number;

const BIT: Readonly<Record<string, TypeSet>> = Object.freeze(
  Object.fromEntries(TOKEN_TYPES.map((type, index) => [type, 1 << index])),
);
const EVERY_TYPE: TypeSet = (1 << TOKEN_TYPES.length) - 1;

/** The set `acceptsToken` names; an unknown name adds nothing. Allocates nothing. */
export function typeSetOf(acceptsToken: AcceptsToken | undefined): TypeSet {
  if (acceptsToken === undefined) return 0;
  if (acceptsToken === 'any') return EVERY_TYPE;
  if (typeof acceptsToken === 'string') return BIT[acceptsToken] ?? 0;
  let set = 0;
  for (const type of acceptsToken) set |= BIT[type] ?? 0;
  return set;
}

/** What a request's record tells about the types verified on it. */
export interface VerifiedTypes {
  /** The middleware's acceptsToken; undefined when unknown (an authenticator without options). */
  accepts?: readonly TokenType[] | undefined;
  /** The types of the guards that ran on this request (TypeSet). */
  guarded?: TypeSet;
}

/** A list as an app writes it: `'api_key'`, or `['session_token', 'api_key']`. */
const written = (types: readonly TokenType[]): string =>
  types.length === 1 ? `'${types[0]}'` : `[${types.map((type) => `'${type}'`).join(', ')}]`;

/**
 * SPEC §9.2 (ours): `getAuth(req, { acceptsToken })` asking only for types that nothing on this
 * request verifies (not the middleware, not a guard that ran) can never succeed. Clerk's middleware
 * verifies every type, so a silent signed-out answer would hide the difference: throw, naming both
 * fixes. Called only when the attached auth did not match, so a normal request pays nothing.
 */
export function assertVerifiable(record: VerifiedTypes, acceptsToken: AcceptsToken): void {
  const { accepts, guarded = 0 } = record;
  if (accepts === undefined) return; // unknown: the middleware may verify anything
  if ((typeSetOf(acceptsToken) & (typeSetOf(accepts) | guarded)) !== 0) return;
  // A misspelt type is refused the way the option is, naming what it expects.
  const asked = acceptedTypes(acceptsToken);
  const wanted = TOKEN_TYPES.filter((type) => accepts.includes(type) || asked.includes(type));
  throw new Error(
    `sessionguard: getAuth(req, { acceptsToken: ${written(asked)} }) can never succeed here: neither the middleware (its acceptsToken is ${written(accepts)}) nor a guard that ran on this request verifies ${asked.join(' or ')}, so it would always answer signed out. Verify it for every route with clerkMiddleware({ acceptsToken: ${written(wanted)} }), or on this route only with requireAuth({ acceptsToken: ${written(asked)} }) before the handler. Clerk's middleware verifies every token type; this one only the types it is given.`,
  );
}
