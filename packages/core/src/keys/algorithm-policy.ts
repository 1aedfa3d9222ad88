import type { KeyInfo } from '../crypto/platform.js';
import { algorithmOfKey, keyFitsAlgorithm } from './key-algorithm.js';
import { SUPPORTED_ALGORITHMS, type SupportedAlgorithm } from './supported-algorithms.js';

/** Which token `alg` is accepted (§2.1 `algorithms`), in the two steps of §4.1 that look at it. */
export interface AlgorithmPolicy {
  /** Step 4, before any key is chosen: the names a token's `alg` may have at all. */
  readonly allowed: ReadonlySet<string>;
  /** Step 5, once the key is known: whether this key verifies this `alg`. */
  fits(info: KeyInfo, alg: string): boolean;
}

/** What the policy reads, as resolved: the `algorithms` option and which key source is set. */
export interface AlgorithmSettings {
  readonly algorithms: readonly SupportedAlgorithm[] | undefined;
  readonly jwtKey: string | undefined;
  readonly jwksUrl: string | undefined;
}

const CLERK_DEFAULT: readonly string[] = ['RS256'];

/** Built once per authenticator; its checks are a set lookup and a few comparisons per request. */
export function algorithmPolicy(options: AlgorithmSettings): AlgorithmPolicy {
  const listed = options.algorithms;
  // jwtKey and jwksUrl come first in the key-source order, so either being set means it is the
  // source: a key that says what it is then needs no `algorithms`. Clerk's keys sign RS256.
  if (listed === undefined && (options.jwtKey !== undefined || options.jwksUrl !== undefined)) {
    return {
      allowed: new Set(SUPPORTED_ALGORITHMS),
      fits: (info, alg) => algorithmOfKey(info) === alg,
    };
  }
  return { allowed: new Set(listed ?? CLERK_DEFAULT), fits: keyFitsAlgorithm };
}
