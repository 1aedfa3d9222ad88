// Wycheproof primitive files (RS256, ES256 in P1363 encoding, Ed25519) through the platforms' signature
// checks, with keys imported the way a JWKS key is: a JWK built from the vector's key, described by
// describeJwk, then imported by the platform.
import type { CryptoPlatform } from '@sessionguard/core/internal/crypto/platform.js';
import { describeJwk } from '@sessionguard/core/internal/keys/jwks.js';
import { describe, expect, it } from 'vitest';
import { loadVectors, platforms, vectorsAvailable } from './signature-layer.js';

interface PrimitiveCase {
  tcId: number;
  comment: string;
  msg: string;
  sig: string;
  result: 'valid' | 'invalid' | 'acceptable';
}
interface PrimitiveGroup {
  publicKey: { modulus?: string; publicExponent?: string; uncompressed?: string; pk?: string };
  tests: PrimitiveCase[];
}

const b64url = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url');
const unsigned = (hex: string): string => b64url(hex.replace(/^(00)+/, ''));

const SUITES: {
  file: string;
  alg: string;
  jwk: (key: PrimitiveGroup['publicKey']) => Record<string, unknown>;
}[] = [
  {
    file: 'rsa_signature_2048_sha256_test.json',
    alg: 'RS256',
    jwk: (key) => ({ kty: 'RSA', n: unsigned(key.modulus!), e: unsigned(key.publicExponent!) }),
  },
  {
    file: 'ecdsa_secp256r1_sha256_p1363_test.json',
    alg: 'ES256',
    jwk: (key) => ({
      kty: 'EC',
      crv: 'P-256',
      x: b64url(key.uncompressed!.slice(2, 66)),
      y: b64url(key.uncompressed!.slice(66, 130)),
    }),
  },
  {
    file: 'ed25519_test.json',
    alg: 'EdDSA',
    jwk: (key) => ({ kty: 'OKP', crv: 'Ed25519', x: b64url(key.pk!) }),
  },
];

/**
 * The signature check takes the JWS signing input as a string, which decodeJwt guarantees is ASCII
 * (base64url and "."). node:crypto reads it as latin1, WebCrypto as UTF-8: a vector message with bytes
 * over 0x7f cannot be expressed through that contract on WebCrypto, so those run on node only (counted).
 */
function asSigningInput(hex: string, platform: CryptoPlatform): string | undefined {
  const bytes = Buffer.from(hex, 'hex');
  if (platform.name === 'webcrypto' && bytes.some((b) => b > 0x7f)) return undefined;
  return bytes.toString('latin1');
}

describe.skipIf(!vectorsAvailable).each(platforms)('Wycheproof primitives on $name', (platform) => {
  it.each(SUITES)('$file: every case gets its verdict', async ({ file, alg, jwk }) => {
    const vectors = loadVectors<{ numberOfTests: number; testGroups: PrimitiveGroup[] }>(file);
    const tally = { agree: 0, acceptable: [] as string[], notExpressible: 0, disagreements: [] as string[] };
    for (const group of vectors.testGroups) {
      const key = jwk(group.publicKey);
      const info = describeJwk(key);
      expect(info, `${file}: key import`).toBeDefined();
      const check = platform.createSignatureCheck({ format: 'jwk', jwk: key }, info!);
      for (const test of group.tests) {
        const input = asSigningInput(test.msg, platform);
        if (input === undefined) {
          tally.notExpressible++;
          continue;
        }
        const verified = await check(alg, input, b64url(test.sig));
        if (test.result === 'acceptable') {
          tally.acceptable.push(`tcId ${test.tcId} (${test.comment}): ${verified ? 'accepted' : 'refused'}`);
        } else if (verified === (test.result === 'valid')) {
          tally.agree++;
        } else {
          tally.disagreements.push(
            `tcId ${test.tcId} ${test.comment}: labelled ${test.result}, got ${verified}`,
          );
        }
      }
    }
    console.log(
      [
        `[wycheproof ${file} on ${platform.name}] ${vectors.numberOfTests} cases: ${tally.agree} agree, ${tally.acceptable.length} "acceptable" (either verdict is fine), ${tally.notExpressible} not expressible on this platform (non-ASCII message, run on node), ${tally.disagreements.length} disagreements`,
        ...tally.acceptable.map((a) => `  acceptable ${a}`),
      ].join('\n'),
    );
    expect(tally.disagreements).toEqual([]);
    expect(tally.agree + tally.acceptable.length + tally.notExpressible).toBe(vectors.numberOfTests);
    if (platform.name === 'node') expect(tally.notExpressible).toBe(0);
  });
});
