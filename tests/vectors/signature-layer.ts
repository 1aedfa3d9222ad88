// The signature layer of SPEC §4.1 (steps 1, 2, 4, 5, 6), assembled from the core's own internals so
// that external test vectors run through exactly the code that verifies session tokens. Internals are
// not public exports: they are imported from the built dist by relative path.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SUPPORTED_ALGORITHMS } from '@sessionguard/core';
import { nodePlatform } from '@sessionguard/core/internal/crypto/node-platform.js';
import type { CryptoPlatform } from '@sessionguard/core/internal/crypto/platform.js';
import { webCryptoPlatform } from '@sessionguard/core/internal/crypto/webcrypto-platform.js';
import { TokenVerificationError } from '@sessionguard/core/internal/errors.js';
import { type ParsedKeySet, parseKeySet } from '@sessionguard/core/internal/keys/jwks.js';
import { keyFitsAlgorithm } from '@sessionguard/core/internal/keys/key-algorithm.js';
import { decodeJwt } from '@sessionguard/core/internal/token/decode-jwt.js';
import { checkHeader } from '@sessionguard/core/internal/token/header-checks.js';

export const platforms: readonly CryptoPlatform[] = [nodePlatform, webCryptoPlatform];

/** Every algorithm the core can be configured to accept: the widest allow-list. */
export const ALL_ALGORITHMS: ReadonlySet<string> = new Set(SUPPORTED_ALGORITHMS);

export type Stage = 'key-import' | 'decode' | 'header' | 'kid' | 'alg-key' | 'signature';

export type Outcome = { accepted: true } | { accepted: false; stage: Stage; detail: string };

// shared/ sits beside the repository (as in CI); SESSIONGUARD_VECTORS_DIR can point elsewhere.
const VECTORS =
  process.env.SESSIONGUARD_VECTORS_DIR ??
  fileURLToPath(new URL('../../../shared/vectors/wycheproof/', import.meta.url));

/** False on a clone without shared/ beside it: the vector tests skip with a warning (.ci/run says so too). */
export const vectorsAvailable = existsSync(VECTORS);
if (!vectorsAvailable) {
  console.warn(`[vectors] skipped: no Wycheproof vectors at ${VECTORS} (shared/ beside the repository)`);
}

/** The vector file, or an empty one when the vectors are not available (the tests then skip). */
export function loadVectors<T extends { numberOfTests: number; testGroups: unknown[] }>(file: string): T {
  if (!vectorsAvailable) return { numberOfTests: 0, testGroups: [] } as unknown as T;
  return JSON.parse(readFileSync(VECTORS + file, 'utf8')) as T;
}

/** Imports a key set as the remote key source does; a set with no usable key is a refusal. */
export function importKeySet(document: unknown, platform: CryptoPlatform): ParsedKeySet | string {
  try {
    return parseKeySet(document, platform);
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Wycheproof's JWS payloads are not claim sets ("foo"): the signature layer treats the payload as
 * opaque bytes, so only the payload's JSON-object requirement is lifted. Everything else about the
 * payload segment (base64url alphabet, length, canonical encoding) is still checked by decodeJwt.
 */
function opaquePayload(platform: CryptoPlatform, token: string): CryptoPlatform {
  const payloadSegment = token.split('.')[1];
  return {
    ...platform,
    decodeJsonSegment: (segment: string) =>
      segment === payloadSegment ? {} : platform.decodeJsonSegment(segment),
  };
}

function refused(stage: Stage, detail: string): Outcome {
  return { accepted: false, stage, detail };
}

/** decode → header checks → key by kid → key/alg binding → the platform's signature check. */
export async function checkJws(
  token: string,
  keys: ParsedKeySet | string,
  platform: CryptoPlatform,
  options: { opaquePayload?: boolean; algorithms?: ReadonlySet<string> } = {},
): Promise<Outcome> {
  let decoded: ReturnType<typeof decodeJwt>;
  try {
    decoded = decodeJwt(token, options.opaquePayload ? opaquePayload(platform, token) : platform);
  } catch (error) {
    return refused('decode', (error as Error).message);
  }
  let alg: string;
  try {
    alg = checkHeader(decoded.header, options.algorithms ?? ALL_ALGORITHMS);
  } catch (error) {
    if (!(error instanceof TokenVerificationError)) throw error;
    return refused('header', `${error.reason}: ${error.message}`);
  }
  if (typeof keys === 'string') return refused('key-import', keys);
  const kid = decoded.header.kid;
  const key = typeof kid === 'string' ? keys.keys.get(kid) : undefined;
  if (key === undefined) return refused('kid', `no imported key with kid ${JSON.stringify(kid)}`);
  if (!keyFitsAlgorithm(key.info, alg)) {
    return refused(
      'alg-key',
      `${alg} does not fit ${key.info.kty}/${key.info.crv ?? ''}/${key.info.alg ?? ''}`,
    );
  }
  const ok = await key.check(alg, decoded.signingInput, decoded.signatureSegment);
  return ok ? { accepted: true } : refused('signature', 'signature check failed');
}
