import { constants, createPublicKey, type JsonWebKey, verify } from 'node:crypto';
import { type ClerkClient, createClerkClient } from '@clerk/backend';
import type { TestIssuer } from '@sessionguard/testing';

export interface DecodedJwt {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signingInput: string;
  signature: Buffer;
}

/** Decodes a compact JWT by hand, so the tests do not trust any JWT library. */
export function decodeJwt(token: string): DecodedJwt {
  const [header, payload, signature] = token.split('.');
  if (header === undefined || payload === undefined || signature === undefined) {
    throw new Error('not a compact JWT');
  }
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
    payload: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    signingInput: `${header}.${payload}`,
    signature: Buffer.from(signature, 'base64url'),
  };
}

/** Checks a JWS signature with node:crypto against a published JWK. */
export function verifiesWithJwk(token: string, jwk: Record<string, unknown>): boolean {
  const { signingInput, signature } = decodeJwt(token);
  const key = createPublicKey({ key: jwk as JsonWebKey, format: 'jwk' });
  const data = Buffer.from(signingInput);
  const alg = String(jwk.alg);
  if (alg === 'EdDSA') return verify(null, data, key, signature);
  const digest = `sha${alg.slice(2)}`;
  if (alg.startsWith('ES')) return verify(digest, data, { key, dsaEncoding: 'ieee-p1363' }, signature);
  if (alg.startsWith('PS')) {
    const saltLength = Number(alg.slice(2)) / 8;
    return verify(digest, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
  }
  return verify(digest, data, key, signature);
}

export interface Jwks {
  keys: Array<Record<string, unknown>>;
}

export async function fetchJwks(url: string): Promise<Jwks> {
  const response = await fetch(url);
  if (response.status !== 200) throw new Error(`JWKS answered ${response.status}`);
  return (await response.json()) as Jwks;
}

export function bearer(secretKey: string): { authorization: string } {
  return { authorization: `Bearer ${secretKey}` };
}

/** Clerk's own Backend SDK pointed at the test issuer (its Backend API, keys and instance). */
export function clerkClientFor(issuer: TestIssuer): ClerkClient {
  return createClerkClient({
    apiUrl: issuer.url,
    secretKey: issuer.secretKey,
    publishableKey: issuer.publishableKey,
    telemetry: { disabled: true },
  });
}
