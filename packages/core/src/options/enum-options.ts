// Options that name members of a fixed set: token types (acceptsToken) and algorithms.

import { ConfigurationError } from '../errors.js';
import {
  isSupportedAlgorithm,
  SUPPORTED_ALGORITHMS,
  type SupportedAlgorithm,
} from '../keys/supported-algorithms.js';
import { TOKEN_TYPES, type TokenType } from '../token/token-type.js';
import { invalidOption, kindOf } from './option-errors.js';

const ACCEPTS_TOKEN = `'any', one of ${TOKEN_TYPES.map((type) => `'${type}'`).join(', ')}, or a non-empty list of them`;

function isTokenType(value: unknown): value is TokenType {
  return (TOKEN_TYPES as readonly unknown[]).includes(value);
}

/** One frozen list per single type: `getAuth(req, { acceptsToken: 'api_key' })` per request builds none. */
const ONLY = Object.freeze(
  Object.fromEntries(TOKEN_TYPES.map((type) => [type, Object.freeze([type])])) as Record<
    TokenType,
    readonly TokenType[]
  >,
);
const SESSION_ONLY = ONLY.session_token;
/** Lists this function made: a guard hands its own back per request (runGuard), checked once. */
const normalized = new WeakSet<readonly TokenType[]>([...Object.values(ONLY), TOKEN_TYPES]);

/** `acceptsToken` as the list of types it accepts; throws ConfigurationError naming the option. */
export function acceptedTypes(value: unknown): readonly TokenType[] {
  if (value === undefined) return SESSION_ONLY;
  if (value === 'any') return TOKEN_TYPES;
  if (typeof value === 'string' && isTokenType(value)) return ONLY[value];
  if (Array.isArray(value) && normalized.has(value)) return value;
  const list = Array.isArray(value) ? value : [value];
  const unknownType = list.find((item) => !isTokenType(item));
  if (list.length === 0) throw invalidOption('acceptsToken', ACCEPTS_TOKEN, 'an empty list');
  if (unknownType !== undefined) {
    const got =
      typeof unknownType === 'string' ? JSON.stringify(unknownType.slice(0, 32)) : kindOf(unknownType);
    throw invalidOption('acceptsToken', ACCEPTS_TOKEN, got);
  }
  const types = Object.freeze(TOKEN_TYPES.filter((type) => list.includes(type)));
  normalized.add(types);
  return types;
}

const FORBIDDEN_ALGORITHM = /^(none|HS\d+)$/i;
const ALGORITHMS_EXPECTED = `a non-empty list of ${SUPPORTED_ALGORITHMS.join(', ')} (none and HS* are always refused)`;

export function algorithmList(
  value: readonly SupportedAlgorithm[] | undefined,
): readonly SupportedAlgorithm[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigurationError(
      'invalid-option',
      `Option algorithms (no environment variable) must be ${ALGORITHMS_EXPECTED}.`,
    );
  }
  // A misspelt name (RS265) would leave the algorithm meant unlisted without a word: refuse the list.
  const unknown = (value as readonly unknown[]).filter(
    (alg) => !isSupportedAlgorithm(alg) && !(typeof alg === 'string' && FORBIDDEN_ALGORITHM.test(alg)),
  );
  if (unknown.length > 0) {
    const names = unknown.map((alg) =>
      typeof alg === 'string' ? JSON.stringify(alg.slice(0, 32)) : typeof alg,
    );
    throw new ConfigurationError(
      'invalid-option',
      `Option algorithms (no environment variable) lists unknown algorithm ${names.join(', ')}; it expects ${ALGORITHMS_EXPECTED}.`,
    );
  }
  // none and HS* are refused whatever is listed: a public key must never double as an HMAC secret.
  const usable = value.filter(isSupportedAlgorithm);
  if (usable.length === 0) {
    throw new ConfigurationError(
      'invalid-option',
      `Option algorithms (no environment variable) lists no usable algorithm; it expects ${ALGORITHMS_EXPECTED}.`,
    );
  }
  return Object.freeze(usable);
}
