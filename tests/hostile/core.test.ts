// Every hostile case through authenticateRequest, in Node's header form and as a WHATWG Request:
// signed out, with the expected reason, no throw, and the token never in the message or the headers.
import { type Authenticator, createAuthenticator, type RequestState } from '@sessionguard/core';
import { createAuthenticatorWith } from '@sessionguard/core/internal/authenticator.js';
import { webCryptoPlatform } from '@sessionguard/core/internal/crypto/webcrypto-platform.js';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHostileCorpus, type HostileCase, type HostileCorpus } from './corpus.js';
import { fetchHeaders, leaks } from './helpers.js';

let issuer: TestIssuer;
let corpus: HostileCorpus;
const authenticators: Record<string, Authenticator> = {};

beforeAll(async () => {
  issuer = await createTestIssuer();
  corpus = await buildHostileCorpus(issuer);
  authenticators.node = createAuthenticator(corpus.authOptions);
  authenticators.webcrypto = createAuthenticatorWith(webCryptoPlatform, corpus.authOptions);
}, 60_000);
afterAll(async () => {
  await corpus?.close();
  await issuer?.close();
});

function problem(testCase: HostileCase, state: RequestState, expectedReason: string): string | undefined {
  if (state.status !== 'signed-out' || state.auth.isAuthenticated || state.token !== null) return 'signed in';
  if (state.reason !== expectedReason) return `reason ${state.reason} (${state.auth.message})`;
  if (state.auth.reason !== expectedReason) return `auth.reason ${state.auth.reason}`;
  const where = leaks(
    { message: state.auth.message, headers: JSON.stringify(state.headers) },
    testCase.secrets,
  );
  return where === undefined ? undefined : `the token leaked into the ${where}`;
}

describe('hostile corpus', () => {
  it('has at least 300 distinct cases, covering every attack family', () => {
    const names = corpus.cases.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(300);
    for (const family of [
      'alg none',
      'HS256 keyed with the RSA public key (PEM)',
      'HS256 keyed with the RSA public key (JWK JSON)',
      'kid path traversal',
      'kid SQL injection',
      'kid NUL byte',
      'kid 10 KB',
      'jku header to the attacker',
      'x5u header to the attacker',
      'jwk header to the attacker',
      'x5c header to the attacker',
      'crit',
      'b64: false',
      'header not JSON',
      'header a JSON array',
      'header 1 MB',
      'header nested 10,000 levels',
      'payload not JSON',
      'payload an empty JSON array',
      'payload 1 MB',
      'payload nested 10,000 levels',
      'claim exp as a string',
      'claim nbf as a string',
      'claim iat as a string',
      'claim exp 1e309',
      'claim exp as "NaN"',
      'signature stripped',
      'signature truncated',
      'signature with "=" padding',
      'space inside',
      'NUL inside',
      '100 cookies',
      'duplicate __session cookies',
      'cookie value with "="',
      'cookie value cut by ";"',
      'cookie value with an unbalanced quote',
      'Bearer and two spaces',
      'Bearer and a tab',
      'Bearer with nothing after it',
      'two Authorization headers',
      '1024-bit RSA key',
      'use:enc key',
      'ES256 psychic signature r = s = 0 (CVE-2022-21449)',
    ]) {
      expect(
        names.some((name) => name.includes(family)),
        family,
      ).toBe(true);
    }
    console.log(`[hostile corpus] ${names.length} cases`);
  });

  describe.each(['node', 'webcrypto'])('through authenticateRequest (%s crypto)', (platform) => {
    it('Node header form: signed out with the expected reason, nothing thrown, nothing leaked', async () => {
      const failures: string[] = [];
      for (const testCase of corpus.cases) {
        try {
          const state = await authenticators[platform]!.authenticateRequest({
            method: 'GET',
            url: '/',
            headers: testCase.headers,
            ...(testCase.rawHeaders ? { rawHeaders: testCase.rawHeaders } : {}),
          });
          const found = problem(testCase, state, testCase.expectedReason);
          if (found) failures.push(`${testCase.name}: ${found}`);
        } catch (error) {
          failures.push(`${testCase.name}: threw ${(error as Error).name}`);
        }
      }
      expect(failures).toEqual([]);
    });

    it('WHATWG Request form: the same, for every case fetch can carry', async () => {
      const failures: string[] = [];
      let notCarried = 0;
      for (const testCase of corpus.cases) {
        const headers = fetchHeaders(testCase);
        if (headers === undefined) {
          notCarried++;
          continue;
        }
        try {
          const state = await authenticators[platform]!.authenticateRequest(
            new Request('http://app.test/', { headers }),
          );
          const found = problem(testCase, state, testCase.expectedReason);
          if (found) failures.push(`${testCase.name}: ${found}`);
        } catch (error) {
          failures.push(`${testCase.name}: threw ${(error as Error).name}`);
        }
      }
      expect(failures).toEqual([]);
      console.log(
        `[hostile corpus, WHATWG form, ${platform}] ${corpus.cases.length - notCarried} cases run, ${notCarried} not representable in fetch Headers (NUL, CR, LF or code points over U+00FF)`,
      );
      expect(notCarried).toBeLessThan(corpus.cases.length / 5);
    });
  });

  it('never contacted the attacker server, and unknown kids cost at most one JWKS fetch per cooldown', () => {
    expect(corpus.attacker.requests).toBe(0);
    // Two authenticators (node and WebCrypto), each: the first load plus one refetch for unknown kids.
    expect(issuer.stats.jwksRequests).toBeLessThanOrEqual(4);
    expect(issuer.requests.every((r) => r.path === '/.well-known/jwks.json')).toBe(true);
  });

  it('still signs in the valid token afterwards', async () => {
    for (const authenticator of Object.values(authenticators)) {
      const state = await authenticator.authenticateRequest({
        headers: { authorization: `Bearer ${corpus.validToken}` },
      });
      expect(state.status).toBe('signed-in');
    }
  });
});
