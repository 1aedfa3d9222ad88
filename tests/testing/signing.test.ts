import { createPublicKey } from 'node:crypto';
import { createAuthenticator, SUPPORTED_ALGORITHMS } from '@sessionguard/core';
import { createTestIssuer, type SigningAlgorithm, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, fetchJwks, verifiesWithJwk } from './helpers.js';

/** The issuer signs with every algorithm the verifier supports. */
const ALGORITHMS: readonly SigningAlgorithm[] = SUPPORTED_ALGORITHMS;
/** Deterministic signature schemes: the same bytes and key give the same signature. */
const DETERMINISTIC = new Set<SigningAlgorithm>(['RS256', 'RS384', 'RS512', 'EdDSA']);

async function servedJwk(issuer: TestIssuer, kid: unknown): Promise<Record<string, unknown>> {
  const jwk = (await fetchJwks(issuer.jwksUrl)).keys.find((key) => key.kid === kid);
  if (jwk === undefined) throw new Error(`kid ${String(kid)} is not published`);
  return jwk;
}

describe('test issuer: every algorithm it signs with', () => {
  const issuers = new Map<SigningAlgorithm, TestIssuer>();
  beforeAll(async () => {
    for (const alg of ALGORITHMS) issuers.set(alg, await createTestIssuer({ alg }));
  });
  afterAll(() => Promise.all([...issuers.values()].map((issuer) => issuer.close())));

  for (const alg of ALGORITHMS) {
    it(`${alg}: minted tokens verify by hand and through @sessionguard/core; signJwt signs the same bytes`, async () => {
      const issuer = issuers.get(alg)!;
      const token = await issuer.mintSessionToken({ userId: 'user_1' });
      const decoded = decodeJwt(token);
      expect(decoded.header.alg).toBe(alg);
      const jwk = await servedJwk(issuer, decoded.header.kid);
      expect(verifiesWithJwk(token, jwk)).toBe(true);

      // The PEM and the JWK describe one key.
      const { kid: _kid, alg: _alg, use: _use, ...keyMembers } = jwk;
      expect(createPublicKey(issuer.publicKeyPem).export({ format: 'jwk' })).toEqual(keyMembers);

      // The verifier accepts every algorithm the issuer offers (the two lists are kept apart).
      const state = await createAuthenticator({
        jwksUrl: issuer.jwksUrl,
        algorithms: [alg],
      }).authenticateRequest({
        headers: { authorization: `Bearer ${token}` },
      });
      expect(state.status).toBe('signed-in');

      // The exact signer (signJwt) and jose sign the same signing input with the same key.
      const exact = issuer.signJwt(decoded.header, decoded.payload);
      expect(decodeJwt(exact).signingInput).toBe(decoded.signingInput);
      expect(verifiesWithJwk(exact, jwk)).toBe(true);
      if (DETERMINISTIC.has(alg)) expect(exact).toBe(token);
    });
  }
});

describe('test issuer: odd headers still get a real signature', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
    ['an alg that is not the key’s', { alg: 'ES256' }, { alg: 'ES256', typ: 'JWT' }],
    ['alg none', { alg: 'none' }, { alg: 'none' }],
    ['no alg at all', { alg: undefined }, { typ: 'JWT' }],
    ['a crit extension nobody implements', { crit: ['exp'] }, { alg: 'RS256', crit: ['exp'] }],
    ['b64: false without crit', { b64: false }, { alg: 'RS256', b64: false }],
    ['custom fields and another typ', { typ: 'at+jwt', cat: 'cl_other', x: [1] }, { typ: 'at+jwt', x: [1] }],
  ];
  for (const [name, header, expected] of cases) {
    it(`mintSessionToken with ${name}`, async () => {
      const token = await issuer.mintSessionToken({ userId: 'user_1', header });
      const decoded = decodeJwt(token);
      expect(decoded.header).toMatchObject(expected);
      for (const [field, value] of Object.entries(header)) {
        if (value === undefined) expect(decoded.header).not.toHaveProperty(field);
        else expect(decoded.header[field]).toEqual(value);
      }
      expect(decoded.payload.sub).toBe('user_1');
      expect(verifiesWithJwk(token, await servedJwk(issuer, issuer.currentKid))).toBe(true);
    });
  }

  it('a key under 2048 bits (which jose refuses) still mints and signs', async () => {
    const weakKid = await issuer.addKey({ modulusLength: 1024 });
    const jwk = await servedJwk(issuer, weakKid);
    expect(Buffer.from(String(jwk.n), 'base64url').length * 8).toBe(1024);
    const minted = await issuer.mintSessionToken({ userId: 'user_1', keyId: weakKid });
    const exact = issuer.signJwt({ alg: 'RS256', kid: weakKid }, { sub: 'user_1' }, { keyId: weakKid });
    expect(verifiesWithJwk(minted, jwk)).toBe(true);
    expect(verifiesWithJwk(exact, jwk)).toBe(true);
  });
});
