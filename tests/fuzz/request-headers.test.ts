// Random headers and cookies (arbitrary strings, unicode, huge values, arrays, raw header lists) never
// make authenticateRequest throw, and never give signed-in unless they carry the valid token verbatim.
import { createAuthenticator, type RequestState, TokenVerificationErrorReason } from '@sessionguard/core';
import { BrowserSessionReason } from '@sessionguard/core/internal/errors.js';
import { cookieSuffixFromPublishableKey } from '@sessionguard/core/internal/keys/publishable-key.js';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const NUM_RUNS = 10_000;
// With a publishable key the browser-session reasons of SPEC §12.3 come too (the cookie path).
const KNOWN_REASONS = new Set<string>([
  ...Object.values(TokenVerificationErrorReason),
  ...Object.values(BrowserSessionReason),
]);
const isKnownReason = (reason: string): boolean =>
  KNOWN_REASONS.has(reason) || reason.startsWith(BrowserSessionReason.SessionTokenExpiredRefresh);

let issuer: TestIssuer;
let token: string;
let suffixed: string;
let authenticator: ReturnType<typeof createAuthenticator>;
const nowMs = Date.now();

beforeAll(async () => {
  // Production: no dev-browser gate, so the random cookies reach the session cookie rules of §12.2–12.3.
  issuer = await createTestIssuer({ instance: 'production' });
  token = await issuer.mintSessionToken({ userId: 'user_fuzz', issuedAt: Math.floor(nowMs / 1000) });
  suffixed = `__session_${cookieSuffixFromPublishableKey(issuer.publishableKey)}`;
  // jwtKey wins as the key source (no network); the publishable key turns on the browser-session
  // rules of SPEC §12 for cookie requests (the suffixed names, __client_uat).
  authenticator = createAuthenticator({
    jwtKey: issuer.publicKeyPem,
    publishableKey: issuer.publishableKey,
    tokenCache: false,
    now: () => nowMs,
  });
});
afterAll(() => issuer.close());

// Arbitraries are built lazily: the token and cookie names exist only after beforeAll.
function arbitraries() {
  const text = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.string({ unit: 'grapheme' }),
    fc.string({ unit: fc.constantFrom(' ', '\t', '\r', '\n', '\0', ';', ',', '=', '"', '%', '.', '\u0085') }),
  );
  const huge = fc
    .tuple(
      fc.constantFrom('a', '=', ';', '.', ' ', 'Bearer ', '__session=', token.slice(0, 40)),
      fc.integer({ min: 1_000, max: 150_000 }),
    )
    .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)));
  const junk = fc.oneof({ arbitrary: text, weight: 6 }, { arbitrary: huge, weight: 1 });
  const around = fc.tuple(
    fc.constantFrom('', ' ', '  ', '\t', '"', "'", '%', ';', ',', '.', '=', '\0', '\u00a0'),
    fc.constantFrom('', ' ', '  ', '\t', '"', "'", '%', ';', ',', '.', '=', '\0', '\u00a0'),
  );
  // Values built around the real token, so that the "carries the token" side is exercised too.
  const tokenish = fc.oneof(
    fc.constant(token),
    fc
      .constantFrom(
        'Bearer ',
        'bearer ',
        'BEARER ',
        'Bearer  ',
        'Bearer\t',
        'Bearer',
        'Basic ',
        'Token ',
        ' ',
        '',
      )
      .map((scheme) => scheme + token),
    fc
      .tuple(around, fc.constantFrom('Bearer ', ''))
      .map(([[before, after], scheme]) => before + scheme + token + after),
    fc.constantFrom(`Bearer ${token}, Bearer ${token}`, `Bearer ${token},`, `Bearer ${token}.${token}`),
  );
  const cookieName = fc.oneof(
    fc.constantFrom(
      '__session',
      suffixed,
      '__Session',
      'x__session',
      '__session_',
      ' __session',
      '__client_uat',
    ),
    fc.string(),
  );
  const cookieValue = fc.oneof(
    junk,
    fc.constant(token),
    around.map(([before, after]) => before + token + after),
    fc.constantFrom(`"${token}"`, encodeURIComponent(token), `${token}=`, `${token};`, `a=${token}`),
  );
  const cookieHeader = fc
    .array(fc.tuple(cookieName, fc.constantFrom('=', '=', '= ', ' =', ''), cookieValue), { maxLength: 8 })
    .chain((pairs) =>
      fc
        .constantFrom('; ', ';', ' ; ', ', ', ';;')
        .map((separator) => pairs.map(([name, equals, value]) => name + equals + value).join(separator)),
    );
  const headerValue = fc.oneof(
    { arbitrary: junk, weight: 3 },
    { arbitrary: tokenish, weight: 2 },
    { arbitrary: cookieHeader, weight: 2 },
  );
  const headerName = fc.oneof(
    { arbitrary: fc.constantFrom('authorization', 'cookie'), weight: 6 },
    {
      arbitrary: fc.constantFrom('Authorization', 'COOKIE', 'x-forwarded-for', 'host', 'accept', '__proto__'),
      weight: 1,
    },
    { arbitrary: fc.string(), weight: 1 },
  );
  const headers = fc.dictionary(
    headerName,
    fc.oneof(
      { arbitrary: headerValue, weight: 4 },
      { arbitrary: fc.array(headerValue, { maxLength: 4 }), weight: 1 },
    ),
    { maxKeys: 5 },
  );
  return { headers, withRawHeaders: fc.boolean() };
}

const asList = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function checkState(state: RequestState, carried: string[]): void {
  if (state.status === 'signed-in') {
    expect(state.token).toBe(token);
    expect(
      carried.some((value) => value.includes(token)),
      'signed in without the token verbatim',
    ).toBe(true);
    return;
  }
  expect(isKnownReason(state.reason ?? ''), `unknown reason ${state.reason}`).toBe(true);
  expect(state.auth.isAuthenticated).toBe(false);
  if (!state.auth.isAuthenticated) expect(state.auth.message).not.toContain(token);
  expect(JSON.stringify(state.headers)).not.toContain(token);
}

describe('random headers and cookies', () => {
  it(`Node header form: never throws, never signs in without the token (${NUM_RUNS} runs)`, async () => {
    const { headers, withRawHeaders } = arbitraries();
    const counts: Record<string, number> = {};
    await fc.assert(
      fc.asyncProperty(headers, withRawHeaders, async (record, raw) => {
        const rawHeaders = raw
          ? Object.entries(record).flatMap(([name, value]) => asList(value).flatMap((v) => [name, v]))
          : undefined;
        const state = await authenticator.authenticateRequest({
          method: 'GET',
          url: '/',
          headers: record,
          ...(rawHeaders ? { rawHeaders } : {}),
        });
        counts[state.reason ?? 'signed-in'] = (counts[state.reason ?? 'signed-in'] ?? 0) + 1;
        checkState(state, [...asList(record.authorization), ...asList(record.cookie)]);
      }),
      { numRuns: NUM_RUNS },
    );
    console.log(`[fuzz Node headers] ${NUM_RUNS} runs: ${JSON.stringify(counts)}`);
    expect(counts['signed-in']).toBeGreaterThan(0);
  });

  it(`WHATWG Request form: never throws, never signs in without the token (${NUM_RUNS} runs)`, async () => {
    const { headers } = arbitraries();
    const counts: Record<string, number> = {};
    let unsendable = 0;
    await fc.assert(
      fc.asyncProperty(headers, async (record) => {
        // Headers refuses values no HTTP message can carry (NUL, CR/LF, code points over 0xFF): those
        // requests cannot reach a server, so such values are left out (and counted).
        const fetchHeaders = new Headers();
        for (const [name, value] of Object.entries(record)) {
          for (const v of asList(value)) {
            try {
              fetchHeaders.append(name, v);
            } catch {
              unsendable++;
            }
          }
        }
        const request = new Request('http://app.test/', { headers: fetchHeaders });
        const state = await authenticator.authenticateRequest(request);
        counts[state.reason ?? 'signed-in'] = (counts[state.reason ?? 'signed-in'] ?? 0) + 1;
        const carried = [fetchHeaders.get('authorization'), fetchHeaders.get('cookie')].filter(
          (v): v is string => v !== null,
        );
        checkState(state, carried);
      }),
      { numRuns: NUM_RUNS },
    );
    console.log(
      `[fuzz WHATWG Request] ${NUM_RUNS} runs (${unsendable} header values Headers refused): ${JSON.stringify(counts)}`,
    );
    expect(counts['signed-in']).toBeGreaterThan(0);
  });
});
