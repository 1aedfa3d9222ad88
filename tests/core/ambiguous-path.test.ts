import { AmbiguousPathError, createAuthenticator, createRouteMatcher } from '@sessionguard/core';
import { ambiguousPathOutcome } from '@sessionguard/core/adapter';
import { describe, expect, it } from 'vitest';
import { findPathAmbiguity } from '../../packages/core/dist/routes/ambiguous-path.js';

// SPEC §7.1: every class, raw and encoded, in origin-form and absolute-form.
const AMBIGUOUS: [string, string][] = [
  ['/admin%2Fx', 'encoded-separator'],
  ['/admin%2fx', 'encoded-separator'],
  ['/admin%5Cx', 'encoded-separator'],
  ['/admin%5cx', 'encoded-separator'],
  ['/admin%252Fx', 'double-encoding'],
  ['/%25', 'double-encoding'],
  ['/admin\\x', 'backslash'],
  ['/public\\..\\admin', 'backslash'],
  ['/public#/../admin', 'fragment'],
  ['/admin#', 'fragment'],
  ['//admin', 'empty-segment'],
  ['/admin//x', 'empty-segment'],
  ['/public/./x', 'dot-segment'],
  ['/public/../admin', 'dot-segment'],
  ['/public/..', 'dot-segment'],
  ['/public/%2e%2e/admin', 'dot-segment'],
  ['/public/%2E./admin', 'dot-segment'],
  ['/public/.%2E/admin', 'dot-segment'],
  ['/public/%2e/admin', 'dot-segment'],
  ['/admin/x\n', 'control-character'],
  ['/admin/x\u0000', 'control-character'],
  ['/admin/x\u007f', 'control-character'],
  ['/admin/x%00', 'control-character'],
  ['/admin/x%0A', 'control-character'],
  ['/admin/x%0d', 'control-character'],
  ['/admin/x%1F', 'control-character'],
  ['/admin/x%7F', 'control-character'],
  ['/admin/x%E2%80%A8', 'control-character'],
  ['/admin/x%E2%80%A9', 'control-character'],
  ['/admin/x\u2028', 'control-character'],
  ['/admin%', 'invalid-encoding'],
  ['/admin%4', 'invalid-encoding'],
  ['/admin%G0', 'invalid-encoding'],
  ['/admin%FF', 'invalid-encoding'],
  ['/admin%C0%AF', 'invalid-encoding'],
  ['/admin%ED%A0%80', 'invalid-encoding'],
  ['/admin\ud800', 'invalid-encoding'],
  ['/\u212Aey', 'case-folding'],
  ['/%E2%84%AAey', 'case-folding'],
  ['/admin/\u017Fecret', 'case-folding'],
  ['/\u0130d', 'case-folding'],
  ['/stra\u00dfe', 'case-folding'],
  ['/\ufb01le', 'case-folding'],
  ['*', 'not-a-path'],
  ['admin', 'not-a-path'],
  ['', 'not-a-path'],
  ['http:/admin', 'not-a-path'],
  ['http://h\\admin/x', 'authority'],
  ['http://h%2Fadmin/x', 'authority'],
  ['http://h#/admin', 'fragment'],
];

describe('SPEC §7.1: ambiguous paths', () => {
  it.each(AMBIGUOUS)('%j is refused as %s', (target, ambiguity) => {
    expect(findPathAmbiguity(target)).toBe(ambiguity);
    // The same path in absolute-form is refused the same way.
    if (target.startsWith('/')) expect(findPathAmbiguity(`http://app.test${target}`)).toBe(ambiguity);
  });

  it.each([
    '/',
    '/admin',
    '/admin/',
    '/admin/x?next=//evil#frag',
    '/admin?%2F=%00',
    '/%61dmin/x',
    '/caf%C3%A9',
    '/caf\u00e9',
    '/\u03bb\u03cc\u03b3\u03bf\u03c2',
    '/%E6%97%A5%E6%9C%AC',
    '/a%20b',
    '/a.b/.well-known/...',
    '/files/x%23y',
    'http://app.test',
    'http://app.test?x',
    'https://user@app.test:8443/admin/x?y',
    'HTTP://[::1]:3000/admin',
  ])('%j reads one way', (target) => {
    expect(findPathAmbiguity(target)).toBeUndefined();
  });

  it('absolute-form: the authority ends at the first /, ? or #, and an empty path is /', () => {
    const isRoot = createRouteMatcher('/');
    const isPublic = createRouteMatcher('/public/*');
    expect(isRoot('http://app.test?/public/x')).toBe(true);
    expect(isPublic('http://app.test?/public/x')).toBe(false);
    expect(isPublic('http://app.test/public/x?y')).toBe(true);
    expect(() => isPublic('http://app.test#/public/x')).toThrow(AmbiguousPathError);
  });

  it('refuses every character above U+007F whose case mapping holds ASCII, raw and encoded (the set is computed)', () => {
    const folding: number[] = [];
    for (let codePoint = 0x80; codePoint <= 0x10ffff; codePoint++) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const char = String.fromCodePoint(codePoint);
      const forms = [char.toLowerCase(), char.toUpperCase(), char.toUpperCase().toLowerCase()].join('');
      if ([...forms].some((c) => c.charCodeAt(0) < 0x80)) folding.push(codePoint);
    }
    expect(folding).toEqual(expect.arrayContaining([0x212a, 0x017f, 0x0130, 0x0131, 0x00df, 0xfb01]));
    for (const codePoint of folding) {
      const char = String.fromCodePoint(codePoint);
      expect(findPathAmbiguity(`/x${char}y`), char).toBe('case-folding');
      expect(findPathAmbiguity(`/x${encodeURIComponent(char)}y`), char).toBe('case-folding');
    }
  });

  it('the matcher throws AmbiguousPathError (400, path-ambiguous) and never says which path', () => {
    const matcher = createRouteMatcher('/admin/*');
    let thrown: unknown;
    try {
      matcher('/admin%2Fsecret-token-value');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AmbiguousPathError);
    const error = thrown as AmbiguousPathError;
    expect([error.status, error.code, error.ambiguity]).toEqual([400, 'path-ambiguous', 'encoded-separator']);
    expect(error.message).not.toContain('secret-token-value');
    // A request object, and one with no target at all, fail closed the same way.
    expect(() => matcher({ url: '//admin' })).toThrow(AmbiguousPathError);
    expect(matcher({ path: '/admin/x' })).toBe(true);
    expect(() => matcher({})).toThrow(AmbiguousPathError);
    expect(() => matcher(null as unknown as string)).toThrow(AmbiguousPathError);
  });

  it('ambiguousPathOutcome: the 400 when the option is on (the default), nothing when off', () => {
    const on = createAuthenticator({ jwksUrl: 'http://127.0.0.1:1/jwks' });
    const off = createAuthenticator({ jwksUrl: 'http://127.0.0.1:1/jwks', rejectAmbiguousPaths: false });
    expect(on.options.rejectAmbiguousPaths).toBe(true);
    const outcome = ambiguousPathOutcome(on, { url: '/admin/..%2F', headers: {} });
    expect(outcome).toEqual({
      status: 400,
      headers: { 'content-type': 'application/json' },
      body: '{"error":"bad_request","reason":"path-ambiguous"}',
    });
    expect(ambiguousPathOutcome(on, '/admin/x')).toBeUndefined();
    expect(ambiguousPathOutcome(on, new Request('http://app.test/admin/x'))).toBeUndefined();
    expect(ambiguousPathOutcome(off, '/admin/..%2F')).toBeUndefined();
  });
});
