// Mutations of one valid token never verify unless the result is byte-for-byte the same token:
// bit flips anywhere, segment swaps, re-encodings (padding, standard base64, non-canonical last
// characters, re-serialised JSON, whitespace), truncation, and chains of these.
import { createAuthenticator, type RequestState } from '@sessionguard/core';
import { createAuthenticatorWith } from '@sessionguard/core/internal/authenticator.js';
import { webCryptoPlatform } from '@sessionguard/core/internal/crypto/webcrypto-platform.js';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const NUM_RUNS = 10_000;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

let issuer: TestIssuer;
let token: string;
const nowMs = Date.now();
type Authenticate = (token: string) => Promise<RequestState>;
const authenticators: Record<'node' | 'webcrypto', Authenticate> = {} as Record<
  'node' | 'webcrypto',
  Authenticate
>;

beforeAll(async () => {
  issuer = await createTestIssuer();
  token = await issuer.mintSessionToken({ userId: 'user_fuzz', issuedAt: Math.floor(nowMs / 1000) });
  // A PEM key and no token cache: every run does the full decode and signature check, with no network.
  const options = { jwtKey: issuer.publicKeyPem, tokenCache: false as const, now: () => nowMs };
  const node = createAuthenticator(options);
  const web = createAuthenticatorWith(webCryptoPlatform, options);
  authenticators.node = (t) => node.authenticateRequest({ headers: { authorization: `Bearer ${t}` } });
  authenticators.webcrypto = (t) => web.authenticateRequest({ headers: { authorization: `Bearer ${t}` } });
});
afterAll(() => issuer.close());

type Mutation = (token: string) => string;

/** Names a mutation, so a counterexample reads as what was done to the token. */
function named(name: string, mutate: Mutation): Mutation {
  return Object.assign(mutate, { [fc.toStringMethod]: () => name });
}

const segments = (t: string): string[] => t.split('.');

/** Flip one bit of one character anywhere in the token (the index and bit are scaled to the length). */
const bitFlip = fc
  .tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 0, max: 15 }))
  .map(([at, bit]) =>
    named(`flip bit ${bit} at ${at.toFixed(4)}`, (t) => {
      const i = Math.floor(at * t.length);
      return t.slice(0, i) + String.fromCharCode(t.charCodeAt(i) ^ (1 << bit)) + t.slice(i + 1);
    }),
  );

/** Reorder or repeat the three segments (any arrangement of indexes, length 1 to 4). */
const segmentSwap = fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 4 }).map((order) =>
  named(`segments ${order.join(',')}`, (t) => {
    const parts = segments(t);
    return order.map((i) => parts[i] ?? '').join('.');
  }),
);

const segmentIndex = fc.integer({ min: 0, max: 2 });
const onSegment =
  (index: number, change: (segment: string) => string): Mutation =>
  (t) => {
    const parts = segments(t);
    if (index < parts.length) parts[index] = change(parts[index]!);
    return parts.join('.');
  };

/** The same bytes spelled differently: standard base64 alphabet and/or '=' padding. */
const reencodeBase64 = fc
  .tuple(segmentIndex, fc.boolean(), fc.integer({ min: 0, max: 3 }))
  .map(([index, standard, padding]) =>
    named(
      `segment ${index} as ${standard ? 'standard base64' : 'base64url'} + ${padding} '='`,
      onSegment(index, (segment) => {
        const bytes = Buffer.from(segment, 'base64url');
        const encoded = standard ? bytes.toString('base64').replace(/=+$/, '') : segment;
        return encoded + '='.repeat(padding);
      }),
    ),
  );

/** The last character replaced by another with the same significant bits (non-canonical encoding). */
const nonCanonical = fc.tuple(segmentIndex, fc.integer({ min: 1, max: 15 })).map(([index, noise]) =>
  named(
    `segment ${index} with unused bits ${noise}`,
    onSegment(index, (segment) => {
      const rest = segment.length % 4;
      if (rest < 2) return segment;
      const mask = rest === 2 ? 0x0f : 0x03;
      const last = ALPHABET.indexOf(segment.charAt(segment.length - 1));
      return segment.slice(0, -1) + ALPHABET.charAt((last & ~mask) | (noise & mask));
    }),
  ),
);

/** Header or payload decoded and re-serialised (spaces, key order): same claims, different bytes. */
const reserialise = fc
  .tuple(fc.integer({ min: 0, max: 1 }), fc.constantFrom(0, 1, 2, '\t'), fc.boolean())
  .map(([index, space, reverse]) =>
    named(
      `segment ${index} re-serialised (space ${JSON.stringify(space)}, reversed ${reverse})`,
      onSegment(index, (segment) => {
        let value: Record<string, unknown>;
        try {
          value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
        } catch {
          return segment; // An earlier mutation broke it: nothing to re-serialise.
        }
        const entries = Object.entries(value);
        if (reverse) entries.reverse();
        return Buffer.from(JSON.stringify(Object.fromEntries(entries), null, space)).toString('base64url');
      }),
    ),
  );

/** Whitespace or control characters inserted anywhere. */
const insertion = fc
  .tuple(
    fc.double({ min: 0, max: 1, noNaN: true }),
    fc.constantFrom(' ', '\t', '\n', '\r\n', '\0', '\u00a0', '\u200b', '\ufeff', '.', '=', '%20', '+', '/'),
  )
  .map(([at, text]) =>
    named(`insert ${JSON.stringify(text)} at ${at.toFixed(4)}`, (t) => {
      const i = Math.floor(at * t.length);
      return t.slice(0, i) + text + t.slice(i);
    }),
  );

/** Cut from the end or the start. */
const truncation = fc
  .tuple(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.boolean())
  .map(([at, fromStart]) =>
    named(`truncate ${fromStart ? 'start' : 'end'} at ${at.toFixed(4)}`, (t) => {
      const n = Math.floor(at * t.length);
      return fromStart ? t.slice(n + 1) : t.slice(0, n);
    }),
  );

/** Signature stripped, emptied, zeroed or doubled. */
const signatureSurgery = fc.constantFrom('strip', 'empty', 'zeros', 'double').map((kind) =>
  named(`signature ${kind}`, (t) => {
    const [h = '', p = '', s = ''] = segments(t);
    if (kind === 'strip') return `${h}.${p}`;
    if (kind === 'empty') return `${h}.${p}.`;
    if (kind === 'zeros') return `${h}.${p}.${'A'.repeat(s.length)}`;
    return `${h}.${p}.${s}${s}`;
  }),
);

const oneMutation = fc.oneof(
  { arbitrary: bitFlip, weight: 5 },
  { arbitrary: segmentSwap, weight: 1 },
  { arbitrary: reencodeBase64, weight: 1 },
  { arbitrary: nonCanonical, weight: 2 },
  { arbitrary: reserialise, weight: 1 },
  { arbitrary: insertion, weight: 2 },
  { arbitrary: truncation, weight: 2 },
  { arbitrary: signatureSurgery, weight: 1 },
);
const mutations = fc.array(oneMutation, { minLength: 1, maxLength: 3 });

describe.each(['node', 'webcrypto'] as const)('token mutations (%s)', (platform) => {
  it(`never verify unless the bytes are identical (${NUM_RUNS} runs)`, async () => {
    const authenticate = authenticators[platform];
    expect((await authenticate(token)).status).toBe('signed-in');
    let identical = 0;
    await fc.assert(
      fc.asyncProperty(mutations, async (chain) => {
        const mutated = chain.reduce((t, mutate) => mutate(t), token);
        const state = await authenticate(mutated);
        if (mutated === token) identical++;
        expect(state.status === 'signed-in').toBe(mutated === token);
        if (state.status === 'signed-out') {
          expect(state.auth.isAuthenticated ? '' : state.auth.message).not.toContain(token);
        }
      }),
      { numRuns: NUM_RUNS },
    );
    console.log(
      `[fuzz token mutations on ${platform}] ${NUM_RUNS} runs, ${identical} left the token unchanged`,
    );
  });
});

it('every non-canonical spelling of each segment is refused (exhaustive)', async () => {
  for (const [index, segment] of segments(token).entries()) {
    const rest = segment.length % 4;
    if (rest < 2) continue;
    const mask = rest === 2 ? 0x0f : 0x03;
    const last = ALPHABET.indexOf(segment.charAt(segment.length - 1));
    for (let noise = 1; noise <= mask; noise++) {
      const mutated = onSegment(
        index,
        (s) => s.slice(0, -1) + ALPHABET.charAt((last & ~mask) | noise),
      )(token);
      for (const authenticate of Object.values(authenticators)) {
        const state = await authenticate(mutated);
        expect([state.status, state.reason]).toEqual(['signed-out', 'token-invalid']);
      }
    }
  }
});
