import { createTokenPeek, sessionTokenClaims } from '@sessionguard/core/internal/browser/token-peek.js';
import { nodePlatform } from '@sessionguard/core/internal/crypto/node-platform.js';
import { chooseKeySource } from '@sessionguard/core/internal/keys/choose-key-source.js';
import { resolveOptions } from '@sessionguard/core/internal/options.js';
import { decodeJwt } from '@sessionguard/core/internal/token/decode-jwt.js';
import { decodeSessionToken } from '@sessionguard/core/internal/token/session-token.js';
import { TokenVerifier } from '@sessionguard/core/internal/verify/token-verifier.js';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../core/helpers.js';

// The peek of §12's decisions answers a token the verifier verified before from the verifier's
// kept claims instead of decoding it again (token-peek.ts, TokenVerifier.knownClaims): checked
// here against the plain way, decodeJwt and decodeSessionToken, on kept, new, tampered and
// malformed tokens, through a real verifier against the test issuer's keys.

let issuer: TestIssuer;
let verifier: TokenVerifier;
const clock = new FakeClock();
const tokens: string[] = [];
const kept: string[] = [];

/** Every single-character change of a token at a few places, and other near misses. */
function tampered(token: string): string[] {
  const [header = '', payload = '', signature = ''] = token.split('.');
  const flip = (text: string, at: number) =>
    `${text.slice(0, at)}${text[at] === 'A' ? 'B' : 'A'}${text.slice(at + 1)}`;
  const lastBits = (text: string) => `${text.slice(0, -1)}${text.at(-1) === 'w' ? 'x' : 'w'}`;
  return [
    `${header}.${flip(payload, 3)}.${signature}`,
    `${header}.${flip(payload, payload.length - 1)}.${signature}`,
    `${header}.${payload}.${flip(signature, 5)}`,
    `${header}.${payload}.${lastBits(signature)}`,
    `${header}.${lastBits(payload)}.${signature}`,
    `${flip(header, 2)}.${payload}.${signature}`,
    `${header}.${payload}.${signature}=`,
    `${header}.${payload}.${signature}.`,
    `${header}.${payload}`,
    `${header}.${payload}.`,
    ` ${token}`,
    `${token} `,
    token.slice(0, -1),
    `${token}A`,
  ];
}

const MALFORMED = [
  '',
  'a',
  'a.b',
  'a.b.c',
  '..',
  'ak_abc',
  'mt_abc',
  'oat_abc',
  'e30.e30.',
  'e30.W10.',
  'x'.repeat(20_000),
];

beforeAll(async () => {
  issuer = await createTestIssuer();
  const options = resolveOptions({ jwtKey: issuer.publicKeyPem, now: clock.now }, () => undefined);
  verifier = new TokenVerifier(options, chooseKeySource(options, nodePlatform), nodePlatform);
  for (let i = 0; i < 6; i++) {
    const token = await issuer.mintSessionToken({ userId: `user_${i}`, expiresInSeconds: 600 });
    tokens.push(token);
    // Verified twice: the first sight is cached, the repeat keeps its claims.
    if (i < 4) {
      await verifier.verifyEntry(token);
      await verifier.verifyEntry(token);
      kept.push(token);
    }
  }
  // Not session tokens: a machine JWT and a session-shaped token with another `cat`.
  tokens.push(
    await issuer.mintSessionToken({ userId: 'user_m', header: { typ: 'at+jwt' } }),
    await issuer.mintSessionToken({ userId: 'user_c', header: { cat: 'cl_B7d4PD111AAA' } }),
  );
});

afterAll(() => issuer.close());

function plainPeek(token: string): unknown {
  try {
    return decodeJwt(token, nodePlatform).payload;
  } catch {
    return undefined;
  }
}

function plainSessionClaims(token: string): { claims: unknown } | { error: unknown } {
  try {
    return { claims: decodeSessionToken(token, nodePlatform).payload };
  } catch (error) {
    return { error };
  }
}

function cachedSessionClaims(token: string): { claims: unknown } | { error: unknown } {
  try {
    return { claims: sessionTokenClaims(token, nodePlatform, (t) => verifier.knownClaims(t)) };
  } catch (error) {
    return { error };
  }
}

describe('the peek from the verifier’s kept claims is the decoded payload', () => {
  it('the verifier knows exactly the kept tokens, by their exact string', () => {
    for (const token of kept)
      expect(verifier.knownClaims(token)).toEqual(decodeJwt(token, nodePlatform).payload);
    for (const token of tokens.slice(4)) expect(verifier.knownClaims(token)).toBeUndefined();
    for (const token of kept.flatMap(tampered)) expect(verifier.knownClaims(token)).toBeUndefined();
  });

  it('on kept, new, tampered and malformed tokens, with and without the known claims', () => {
    const all = [...tokens, ...tokens.flatMap(tampered), ...MALFORMED];
    const withKnown = createTokenPeek(nodePlatform, (t) => verifier.knownClaims(t));
    const decodeOnly = createTokenPeek(nodePlatform);
    for (const token of all) {
      expect(withKnown(token), token.slice(0, 40)).toEqual(plainPeek(token));
      expect(decodeOnly(token)).toEqual(plainPeek(token));
      // The same again, answered from the per-request memo.
      expect(withKnown(token)).toEqual(plainPeek(token));
    }
    expect(withKnown(undefined)).toBeUndefined();
  });

  it('sessionTokenClaims gives decodeSessionToken’s payload, or throws its error', () => {
    for (const token of [...tokens, ...tokens.flatMap(tampered), ...MALFORMED]) {
      expect(cachedSessionClaims(token), token.slice(0, 40)).toEqual(plainSessionClaims(token));
    }
  });

  it('reads only: a kept token stays verifiable, an expired one is still refused by the verifier', async () => {
    const [token] = kept as [string];
    expect(verifier.knownClaims(token)).toBeDefined();
    clock.advance(3_600_000);
    expect(verifier.knownClaims(token)).toBeDefined(); // the claims, not a verdict
    expect(() => verifier.verifyEntry(token)).toThrow(expect.objectContaining({ reason: 'token-expired' }));
    // The failed time check dropped it from the cache: nothing is known of it any more.
    expect(verifier.knownClaims(token)).toBeUndefined();
    clock.advance(-3_600_000);
  });
});
