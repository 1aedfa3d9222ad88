export const SUPPORTED_ALGORITHMS = [
  'RS256',
  'RS384',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'ES256',
  'ES384',
  'ES512',
  'EdDSA',
] as const;
/** The JWS algorithms sessionguard verifies: asymmetric only. */
export type SupportedAlgorithm = (typeof SUPPORTED_ALGORITHMS)[number];

const SUPPORTED_ALGORITHM_SET: ReadonlySet<unknown> = new Set(SUPPORTED_ALGORITHMS);

/** Also on the verification path (a key's algorithm per token): a set lookup. */
export function isSupportedAlgorithm(value: unknown): value is SupportedAlgorithm {
  return SUPPORTED_ALGORITHM_SET.has(value);
}
