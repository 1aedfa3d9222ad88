import { createPublicKey } from 'node:crypto';
import { createTestIssuer, SESSION_TOKEN_CATEGORY, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, fetchJwks, verifiesWithJwk } from './helpers.js';

describe('test issuer: minting session tokens', () => {
  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  it('mints a v2 token with Clerk header and default claims', async () => {
    const before = Math.floor(Date.now() / 1000);
    const token = await issuer.mintSessionToken({ userId: 'user_1' });
    const { header, payload } = decodeJwt(token);
    expect(header).toEqual({ alg: 'RS256', kid: issuer.currentKid, typ: 'JWT', cat: SESSION_TOKEN_CATEGORY });
    expect(SESSION_TOKEN_CATEGORY).toBe('cl_B7d4PD111AAA');
    expect(payload).toMatchObject({ sub: 'user_1', iss: issuer.url, azp: 'http://localhost:3000', v: 2 });
    expect(payload.sid).toMatch(/^sess_/);
    expect(payload.iat).toBeGreaterThanOrEqual(before);
    expect(payload.nbf).toBe(payload.iat);
    expect(payload.exp).toBe((payload.iat as number) + 60);
    for (const absent of ['o', 'fea', 'pla', 'fva', 'act', 'sts', 'org_id']) {
      expect(payload, absent).not.toHaveProperty(absent);
    }
  });

  it('encodes organization claims in the compact v2 form', async () => {
    const token = await issuer.mintSessionToken({
      userId: 'user_1',
      sessionId: 'sess_abc',
      orgId: 'org_1',
      orgSlug: 'acme',
      orgRole: 'org:admin',
      orgPermissions: ['org:impersonation:read', 'org:memberships:read', 'org:memberships:manage'],
      features: ['u:ai', 'o:analytics'],
      plans: ['u:pro', 'o:business'],
      fva: [3, -1],
      actor: { sub: 'user_admin', iss: 'https://dashboard.clerk.com' },
      status: 'active',
      azp: 'https://app.example',
      issuedAt: 1_700_000_000,
      expiresInSeconds: 120,
    });
    const { payload } = decodeJwt(token);
    expect(payload).toEqual({
      sub: 'user_1',
      sid: 'sess_abc',
      iss: issuer.url,
      azp: 'https://app.example',
      iat: 1_700_000_000,
      nbf: 1_700_000_000,
      exp: 1_700_000_120,
      v: 2,
      o: { id: 'org_1', rol: 'admin', slg: 'acme', per: 'read,manage', fpm: '1,3,0' },
      fea: 'o:impersonation,o:memberships,u:ai,o:analytics',
      pla: 'u:pro,o:business',
      fva: [3, -1],
      act: { sub: 'user_admin', iss: 'https://dashboard.clerk.com' },
      sts: 'active',
    });
  });

  it('matches the SPEC example exactly', async () => {
    const { payload } = decodeJwt(
      await issuer.mintSessionToken({
        userId: 'user_1',
        orgId: 'org_1',
        orgPermissions: ['org:impersonation:read', 'org:memberships:read', 'org:memberships:manage'],
      }),
    );
    expect(payload.fea).toBe('o:impersonation,o:memberships');
    expect(payload.o).toEqual({ id: 'org_1', per: 'read,manage', fpm: '1,3' });
  });

  it('keeps fpm masks exact beyond 2^53 with 60 permission names', async () => {
    const names = Array.from({ length: 60 }, (_, index) => `p${index}`);
    const orgPermissions = [...names.map((name) => `org:big:${name}`), 'org:small:p59', 'org:small:p0'];
    const { payload } = decodeJwt(
      await issuer.mintSessionToken({ userId: 'user_1', orgId: 'org_1', orgPermissions }),
    );
    const org = payload.o as { per: string; fpm: string };
    expect(org.per).toBe(names.join(','));
    expect(payload.fea).toBe('o:big,o:small');
    const [big, small] = org.fpm.split(',');
    expect(big).toBe(((1n << 60n) - 1n).toString());
    expect(small).toBe(((1n << 59n) | 1n).toString());
    expect(BigInt(big!)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('mints v1 tokens with org_* claims', async () => {
    const { payload } = decodeJwt(
      await issuer.mintSessionToken({
        userId: 'user_1',
        version: 1,
        orgId: 'org_1',
        orgSlug: 'acme',
        orgRole: 'org:member',
        orgPermissions: ['org:memberships:read'],
      }),
    );
    expect(payload).toMatchObject({
      org_id: 'org_1',
      org_role: 'org:member',
      org_slug: 'acme',
      org_permissions: ['org:memberships:read'],
    });
    expect(payload).not.toHaveProperty('v');
    expect(payload).not.toHaveProperty('o');
  });

  it('merges claims and header overrides last, undefined removing', async () => {
    const { header, payload } = decodeJwt(
      await issuer.mintSessionToken({
        userId: 'user_1',
        claims: { exp: undefined, sub: 'user_2', aud: 'api' },
        header: { cat: undefined, typ: 'at+jwt' },
      }),
    );
    expect(payload).not.toHaveProperty('exp');
    expect(payload).toMatchObject({ sub: 'user_2', aud: 'api' });
    expect(header).toEqual({ alg: 'RS256', kid: issuer.currentKid, typ: 'at+jwt' });
  });

  it('signJwt signs exactly what it is given', async () => {
    const token = issuer.signJwt({ alg: 'none' }, '{"sub":"x","sub":"y"}');
    const [headerPart, payloadPart] = token.split('.');
    expect(Buffer.from(headerPart!, 'base64url').toString()).toBe('{"alg":"none"}');
    expect(Buffer.from(payloadPart!, 'base64url').toString()).toBe('{"sub":"x","sub":"y"}');
    const jwks = await fetchJwks(issuer.jwksUrl);
    expect(verifiesWithJwk(token, jwks.keys[0]!)).toBe(true);
    expect(() => issuer.signJwt({}, {}, { keyId: 'ins_missing' })).toThrow(/ins_missing/);
  });

  it('refuses org permissions that v2 cannot express', async () => {
    await expect(
      issuer.mintSessionToken({ userId: 'user_1', orgId: 'org_1', orgPermissions: ['manage'] }),
    ).rejects.toThrow(/org:<feature>:<permission>/);
  });

  for (const alg of ['RS256', 'ES256', 'EdDSA', 'PS256', 'ES384'] as const) {
    it(`${alg} tokens verify against the served JWK and the PEM`, async () => {
      const algIssuer = await createTestIssuer({ alg });
      try {
        const token = await algIssuer.mintSessionToken({ userId: 'user_1' });
        const { header } = decodeJwt(token);
        expect(header.alg).toBe(alg);
        const jwks = await fetchJwks(algIssuer.jwksUrl);
        const jwk = jwks.keys.find((key) => key.kid === header.kid)!;
        expect(jwk).toMatchObject({ alg, use: 'sig' });
        expect(verifiesWithJwk(token, jwk)).toBe(true);
        const fromPem = createPublicKey(algIssuer.publicKeyPem).export({ format: 'jwk' });
        expect(fromPem).toMatchObject({ kty: jwk.kty });
        const tampered = `${token.slice(0, token.lastIndexOf('.'))}.${Buffer.alloc(8).toString('base64url')}`;
        expect(verifiesWithJwk(tampered, jwk)).toBe(false);
      } finally {
        await algIssuer.close();
      }
    });
  }
});
