import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, fetchJwks, verifiesWithJwk } from './helpers.js';

describe('test issuer: key management', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  it('rotateKeys publishes a new key next to the old one until removeOldKeys()', async () => {
    const oldKid = issuer.currentKid;
    const oldPem = issuer.publicKeyPem;
    const oldToken = await issuer.mintSessionToken({ userId: 'user_1' });

    await issuer.rotateKeys();
    expect(issuer.currentKid).not.toBe(oldKid);
    expect(issuer.publicKeyPem).not.toBe(oldPem);
    const newToken = await issuer.mintSessionToken({ userId: 'user_1' });
    expect(decodeJwt(newToken).header.kid).toBe(issuer.currentKid);

    const both = await fetchJwks(issuer.jwksUrl);
    expect(both.keys.map((key) => key.kid)).toEqual([oldKid, issuer.currentKid]);
    expect(verifiesWithJwk(oldToken, both.keys[0]!)).toBe(true);
    expect(verifiesWithJwk(newToken, both.keys[1]!)).toBe(true);

    issuer.removeOldKeys();
    const current = await fetchJwks(issuer.jwksUrl);
    expect(current.keys.map((key) => key.kid)).toEqual([issuer.currentKid]);
    // A retired key can still sign, for "kid no longer published" tests.
    const retired = await issuer.mintSessionToken({ userId: 'user_1', keyId: oldKid });
    expect(decodeJwt(retired).header.kid).toBe(oldKid);
  });

  it('addKey adds a 1024-bit RSA key and an enc key, published by default', async () => {
    const weakKid = await issuer.addKey({ modulusLength: 1024 });
    const encKid = await issuer.addKey({ use: 'enc', kid: 'ins_enc' });
    const hiddenKid = await issuer.addKey({ alg: 'ES256', publish: false });
    expect(encKid).toBe('ins_enc');

    const jwks = await fetchJwks(issuer.jwksUrl);
    const weak = jwks.keys.find((key) => key.kid === weakKid)!;
    expect(Buffer.from(String(weak.n), 'base64url').length * 8).toBe(1024);
    expect(weak.use).toBe('sig');
    expect(jwks.keys.find((key) => key.kid === encKid)?.use).toBe('enc');
    expect(jwks.keys.some((key) => key.kid === hiddenKid)).toBe(false);

    const weakToken = await issuer.mintSessionToken({ userId: 'user_1', keyId: weakKid });
    expect(decodeJwt(weakToken).header).toMatchObject({ kid: weakKid, alg: 'RS256' });
    expect(verifiesWithJwk(weakToken, weak)).toBe(true);
    const hiddenToken = await issuer.mintSessionToken({ userId: 'user_1', keyId: hiddenKid });
    expect(decodeJwt(hiddenToken).header).toMatchObject({ kid: hiddenKid, alg: 'ES256' });
    // Minting with an added key never changes the default signing key.
    expect(decodeJwt(await issuer.mintSessionToken({ userId: 'user_1' })).header.kid).toBe(issuer.currentKid);
  });

  it('addPublishedJwk publishes arbitrary objects; removeOldKeys drops them', async () => {
    issuer.addPublishedJwk({ kty: 'oct', k: 'c2VjcmV0', kid: 'hmac', alg: 'HS256' });
    const jwks = await fetchJwks(issuer.jwksUrl);
    expect(jwks.keys.at(-1)).toEqual({ kty: 'oct', k: 'c2VjcmV0', kid: 'hmac', alg: 'HS256' });
    issuer.removeOldKeys();
    expect((await fetchJwks(issuer.jwksUrl)).keys.map((key) => key.kid)).toEqual([issuer.currentKid]);
  });

  it('refuses unknown algorithms and duplicate kids', async () => {
    // @ts-expect-error: not a supported algorithm
    await expect(createTestIssuer({ alg: 'HS256' })).rejects.toThrow(/Unsupported signing algorithm/);
    await expect(issuer.addKey({ kid: issuer.currentKid })).rejects.toThrow(/already exists/);
    await expect(issuer.mintSessionToken({ userId: 'user_1', keyId: 'ins_nope' })).rejects.toThrow(
      /ins_nope/,
    );
  });
});
