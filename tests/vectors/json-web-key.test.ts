// Wycheproof json_web_key_test.json: weak or invalid keys are refused by our key import (describeJwk,
// parseKeySet), valid ones are imported, and each case's token gets the verdict through our signature layer.
import { generateKeyPairSync } from 'node:crypto';
import { describeJwk } from '@sessionguard/core/internal/keys/jwks.js';
import { hasRocaFingerprint } from '@sessionguard/core/internal/keys/roca.js';
import { describe, expect, it } from 'vitest';
import { checkJws, importKeySet, loadVectors, platforms, vectorsAvailable } from './signature-layer.js';

interface KeyCase {
  tcId: number;
  comment: string;
  jws: string;
  result: 'valid' | 'invalid';
}
interface KeyGroup {
  comment: string;
  public?: { keys: Record<string, unknown>[] };
  private: { keys: Record<string, unknown>[] };
  tests: KeyCase[];
}
const file = loadVectors<{ numberOfTests: number; testGroups: KeyGroup[] }>('json_web_key_test.json');
const cases = file.testGroups.flatMap((group) => group.tests.map((test) => ({ group, test })));
// Fresh 2048-bit keys are slow to make: two, shared by every test in this file.
const freshRsa = [0, 1].map(
  () =>
    generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ format: 'jwk' }) as Record<
      string,
      unknown
    >,
);

/** Labelled valid, refused on purpose: HMAC (`oct`) keys are never imported (SPEC §2.1). */
const POLICY_REFUSALS = new Map<number, string>([
  [2, 'oct/HS256 key: HMAC keys are never imported'],
  [13, 'oct/HS256 key: HMAC keys are never imported'],
  [14, 'oct/HS384 key: HMAC keys are never imported'],
  [15, 'oct/HS512 key: HMAC keys are never imported'],
]);

/** Why each invalid case's key is refused at import (the first rule of describeJwk/parseKeySet it breaks). */
const IMPORT_REFUSALS = new Map<number, string>([
  [1, 'oct key (the token names it); the EC key beside it is imported'],
  [3, 'oct key'],
  [4, 'oct keys, and two keys share one kid'],
  [6, 'use: enc'],
  [7, 'ROCA-fingerprinted modulus (CVE-2017-15361)'],
  [8, 'RSA modulus under 2048 bits'],
  [9, 'public exponent 1'],
  [10, 'oct key'],
  [11, 'oct key'],
  [12, 'oct key'],
  [16, 'oct key'],
  [17, 'oct key'],
  [18, 'oct key'],
  [19, 'alg ES521 does not fit a P-256 key'],
  [20, 'alg ES224 does not fit a P-256 key'],
  [21, 'use: enc'],
  [22, 'EC point not on P-256'],
  [23, 'P-256 coordinates labelled P-384'],
  [24, 'kty RSA with EC members'],
  [25, 'oct key for A256GCM'],
  [26, 'oct key for A256KW'],
]);

function kidOf(jws: string): string {
  return JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString('utf8')).kid;
}

describe.skipIf(!vectorsAvailable).each(platforms)('json_web_key_test.json on $name', (platform) => {
  it('refuses the key of every invalid case at import, imports the valid ones, and gives each token its verdict', async () => {
    let agree = 0;
    const policy: string[] = [];
    for (const { group, test } of cases) {
      const keySet = group.public ?? group.private;
      const keys = importKeySet(keySet, platform);
      const kid = kidOf(test.jws);
      const imported = typeof keys !== 'string' && keys.keys.has(kid);
      const described = keySet.keys.filter((k) => k.kid === kid).map((k) => describeJwk(k) !== undefined);
      const outcome = await checkJws(test.jws, keys, platform, { opaquePayload: true });
      const label = `tcId ${test.tcId} ${group.comment}/${test.comment}`;

      if (test.result === 'invalid') {
        expect(IMPORT_REFUSALS.has(test.tcId), label).toBe(true);
        expect(imported, label).toBe(false);
        // Duplicate kids are refused by parseKeySet; every other refusal is already describeJwk's.
        if (test.tcId !== 4) expect(described, label).toEqual([false]);
        expect(outcome.accepted, label).toBe(false);
        agree++;
      } else if (POLICY_REFUSALS.has(test.tcId)) {
        expect(imported, label).toBe(false);
        expect(outcome.accepted, label).toBe(false);
        policy.push(`tcId ${test.tcId}: ${POLICY_REFUSALS.get(test.tcId)}`);
      } else {
        expect(imported, label).toBe(true);
        expect(outcome, label).toEqual({ accepted: true });
        agree++;
      }
    }
    console.log(
      [
        `[wycheproof json_web_key on ${platform.name}] ${cases.length} cases: ${agree} agree with Wycheproof, ${policy.length} valid cases refused by policy`,
        ...policy.map((p) => `  policy refusal ${p}`),
      ].join('\n'),
    );
    expect(agree + policy.length).toBe(file.numberOfTests);
    expect(policy.length).toBe(POLICY_REFUSALS.size);
  });

  it('keeps the EC key of a mixed symmetric/asymmetric key set and drops the oct key (tcId 1)', () => {
    const keys = importKeySet(file.testGroups[0]!.private, platform);
    expect(typeof keys === 'string' ? keys : [...keys.keys.keys()]).toEqual(['kid-ec-sign']);
  });

  it('refuses two asymmetric keys under one kid (the DuplicateKid rule, beyond HMAC)', () => {
    const rsa = file.testGroups.find((g) => g.comment === 'rs256')!.public!.keys[0]!;
    expect(importKeySet({ keys: [rsa, { ...freshRsa[0], kid: rsa.kid }] }, platform)).toBe(
      'the key set has no usable signing key',
    );
  });
});

describe.skipIf(!vectorsAvailable)('key import rules beyond the vectors', () => {
  it('finds the ROCA fingerprint in the Wycheproof ROCA key only, not in real keys or other vector keys', () => {
    const roca = file.testGroups.find((g) => g.comment === 'jws_rsa_roca_key')!.public!.keys[0]!;
    expect(hasRocaFingerprint(Buffer.from(roca.n as string, 'base64url'))).toBe(true);
    const others = file.testGroups
      .flatMap((g) => (g.public ?? g.private).keys)
      .filter((k) => k.kty === 'RSA' && k !== roca && typeof k.n === 'string');
    for (const key of others)
      expect(hasRocaFingerprint(Buffer.from(key.n as string, 'base64url'))).toBe(false);
    for (const jwk of freshRsa) {
      expect(hasRocaFingerprint(Buffer.from(jwk.n as string, 'base64url'))).toBe(false);
      expect(describeJwk(jwk)).toMatchObject({ kty: 'RSA', modulusBits: 2048 });
    }
  });

  it('the ROCA check is fast enough to run at every key import', () => {
    const n = new Uint8Array(512).fill(0xa5);
    const start = performance.now();
    for (let i = 0; i < 1000; i++) hasRocaFingerprint(n);
    expect((performance.now() - start) / 1000).toBeLessThan(1); // ms per 4096-bit modulus
  });

  it('imports real EC keys on every curve and refuses a point moved off its curve', () => {
    for (const curve of ['P-256', 'P-384', 'P-521'] as const) {
      for (let i = 0; i < 5; i++) {
        const jwk = generateKeyPairSync('ec', { namedCurve: curve }).publicKey.export({ format: 'jwk' });
        expect(describeJwk(jwk as Record<string, unknown>), curve).toMatchObject({ kty: 'EC', crv: curve });
        const y = Buffer.from(jwk.y!, 'base64url');
        y[y.length - 1]! ^= 1;
        expect(describeJwk({ ...jwk, y: y.toString('base64url') }), curve).toBeUndefined();
        // The same coordinates under another curve name.
        const other = curve === 'P-256' ? 'P-384' : 'P-256';
        expect(describeJwk({ ...jwk, crv: other }), curve).toBeUndefined();
      }
    }
  });

  it('refuses a JWK that publishes private members (the signing key has leaked)', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = privateKey.export({ format: 'jwk' }) as Record<string, unknown>;
    expect(describeJwk(jwk)).toBeUndefined();
    const { d: _d, ...publicJwk } = jwk;
    expect(describeJwk(publicJwk)).toMatchObject({ kty: 'EC' });
  });
});
