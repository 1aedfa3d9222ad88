import {
  AmbiguousPathError,
  ConfigurationError,
  createAuthenticator,
  createRouteMatcher,
  type RoutePattern,
} from '@sessionguard/core';
import { createTestIssuer } from '@sessionguard/testing';
import { describe, expect, it } from 'vitest';
import { matchGlob, parseGlob } from '../../packages/core/dist/routes/glob.js';
import { bearer } from './helpers.js';

describe('SPEC §7.2: route patterns', () => {
  it.each([
    ['/health', '/health', true],
    ['/health', '/health/', true],
    ['/health', '/HEALTH', true],
    ['/health', '/health?x=1', true],
    ['/health', '/healthz', false],
    ['/health', '/health/x', false],
    ['/health/', '/health', true],
    ['/public/*', '/public/a/b.css', true],
    ['/public/*', '/PUBLIC/a', true],
    ['/public/*', '/publicity', false],
    ['/admin/*', '/admin', true],
    ['/admin/*', '/admin/', true],
    ['/admin/*', '/admin/x/y', true],
    ['/admin/*', '/adminx', false],
    ['/admin/*', '/admin/x/', true],
    ['/admin/*', '/%61dmin/x', true],
    ['/admin/*', '/ADMIN/x', true],
    ['/admin/*', 'http://app.test/admin/x?y', true],
    ['/admin/*', 'http://app.test?/admin/x', false],
    ['/admin/(.*)', '/admin', true],
    ['/admin/(.*)', '/admin/x/y', true],
    ['/admin/(.*)', '/adminx', false],
    ['/sign-in(.*)', '/sign-in', true],
    ['/sign-in(.*)', '/sign-in/factor-one', true],
    // "the same as *": /sign-in(.*) is /sign-in*, so it also matches /sign-inx (as Clerk's does).
    ['/sign-in(.*)', '/sign-inx', true],
    ['/sign-in(.*)', '/sign-up', false],
    ['/orgs/:slug/settings', '/orgs/acme/settings', true],
    ['/orgs/:slug/settings', '/orgs/acme/x/settings', false],
    ['/orgs/:slug/settings', '/orgs//settings', 'ambiguous'],
    ['/orgs/:slug', '/orgs/acme/', true],
    ['/orgs/:slug', '/orgs', false],
    ['/orgs/:slug/*', '/orgs/acme', true],
    ['/orgs/:slug/*', '/orgs/acme/billing/x', true],
    ['/a/*/b/:id', '/a/x/y/b/z', true],
    ['/a/*/b/:id', '/a/x/y/b/z/q', false],
    ['/a/*/b/*/c', '/a/b/b/c/c', true],
    ['/a/*/b/*/c', '/a/bc', false],
    ['/*.json', '/x/y.json', true],
    ['/*.json', '/x/y.jsonp', false],
    ['/a.b', '/aXb', false],
    ['/caf\u00e9', '/CAF%C3%89', true],
    ['/*', '/', true],
    ['/', '/', true],
    ['/', '/x', false],
    ['/admin/*', '/admin%2Fx', 'ambiguous'],
    ['/orgs/:slug/settings', '/orgs/a%2Fb/settings', 'ambiguous'],
    ['/public/*', '/public/%2e%2e/admin', 'ambiguous'],
  ] as const)('%s on %j: %s', (pattern, path, expected) => {
    const matcher = createRouteMatcher(pattern);
    if (expected === 'ambiguous') expect(() => matcher(path)).toThrow(AmbiguousPathError);
    else expect(matcher(path)).toBe(expected);
  });

  it('* and (.*) match line breaks (the glob itself; the matcher refuses such paths first, §7.1)', () => {
    expect(matchGlob(parseGlob('/x/*'), '/x/a\nb')).toBe(true);
    expect(matchGlob(parseGlob('/x*y'), '/x\r\n\u2028y')).toBe(true);
    expect(() => createRouteMatcher('/x/(.*)')('/x/a%0Ab')).toThrow(AmbiguousPathError);
  });

  it('takes RegExps (stateful flags dropped) and predicates on the decoded path, lists and requests', () => {
    const sticky = /^\/api\//g;
    const matcher = createRouteMatcher([sticky, (path) => path.endsWith('.json')]);
    expect(matcher('/api/x')).toBe(true);
    expect(matcher('/api/x')).toBe(true);
    expect(matcher('/data/x.json')).toBe(true);
    expect(matcher('/data/x%2Ejson/')).toBe(true);
    expect(matcher({ url: '/other' })).toBe(false);
    const seen: string[] = [];
    createRouteMatcher((path) => seen.push(path) < 0)('/caf%C3%A9/?q');
    expect(seen).toEqual(['/café']);
  });

  it('undefined, null and [] match nothing', () => {
    for (const patterns of [undefined, null, []]) expect(createRouteMatcher(patterns)('/x')).toBe(false);
  });

  it.each([
    [42, 'a value of type number'],
    [{}, 'a value of type object'],
    [null, 'null'],
    ['admin/*', 'does not start with "/"'],
    ['', 'does not start with "/"'],
    ['/a/(\\d+)', 'group other than (.*)'],
    ['/a/{x}', 'group other than (.*)'],
    ['/user-:id', 'not a whole segment'],
    ['/:id(\\d+)', 'group other than (.*)'],
    ['/:id*', 'not a whole segment'],
    ['/a?', '"?"'],
    ['/a//b', 'ambiguous (empty-segment)'],
    ['/a/../b', 'ambiguous (dot-segment)'],
    ['/\u212Aelvin', 'ambiguous (case-folding)'],
  ])('a pattern of no known form (%j) is a ConfigurationError at construction', (pattern, detail) => {
    const build = () => createRouteMatcher([pattern as RoutePattern]);
    expect(build).toThrow(ConfigurationError);
    expect(build).toThrow(detail);
    expect(build).toThrow('createRouteMatcher pattern[0]');
  });

  it('is case-sensitive only when asked', () => {
    expect(createRouteMatcher('/Admin', { caseSensitive: true })('/admin')).toBe(false);
    expect(createRouteMatcher('/Admin', { caseSensitive: true })('/Admin')).toBe(true);
    expect(createRouteMatcher('/Admin/*', { caseSensitive: true })('/admin/x')).toBe(false);
  });

  it('linear time: a 1 MiB path against a 20-star glob, several times (a backtracking RegExp never finishes)', () => {
    const pattern = `/${'a*'.repeat(20)}b`;
    const path = `/${'a'.repeat(1024 * 1024)}`;
    const matcher = createRouteMatcher(pattern, { caseSensitive: true });
    for (let i = 0; i < 5; i++) expect(matcher(path)).toBe(false);
    expect(matcher(`${path}b`)).toBe(true);
    const clerkStyle = createRouteMatcher(`/${'x(.*)'.repeat(20)}/end`);
    const longPath = `/${'x/'.repeat(512 * 1024)}`;
    for (let i = 0; i < 5; i++) expect(clerkStyle(longPath)).toBe(false);
    const params = createRouteMatcher(`/*/:a/:b/*/:c/z`);
    expect(params(`/${'q/'.repeat(300_000)}`)).toBe(false);
  });

  it('excludedRoutes: no token is read, reason route-excluded; an ambiguous path is never excluded', async () => {
    const issuer = await createTestIssuer();
    try {
      const authenticator = createAuthenticator({
        jwksUrl: issuer.jwksUrl,
        excludedRoutes: ['/health', '/public/*'],
        rejectAmbiguousPaths: false,
      });
      const token = await issuer.mintSessionToken({ userId: 'u' });
      const excluded = await authenticator.authenticateRequest({ url: '/public/app.js', ...bearer(token) });
      expect(excluded.reason).toBe('route-excluded');
      expect(issuer.stats.jwksRequests).toBe(0);
      expect((await authenticator.authenticateRequest({ url: '/HEALTH/', ...bearer(token) })).reason).toBe(
        'route-excluded',
      );
      expect((await authenticator.authenticateRequest({ url: '/public', ...bearer(token) })).reason).toBe(
        'route-excluded',
      );
      for (const url of [
        '/public/%E0%A4%A',
        '/public/..%2Fme',
        '/public/../me',
        '//public/x',
        '/public\\x',
      ]) {
        expect((await authenticator.authenticateRequest({ url, ...bearer(token) })).status, url).toBe(
          'signed-in',
        );
      }
      expect((await authenticator.authenticateRequest({ url: '/me', ...bearer(token) })).status).toBe(
        'signed-in',
      );
    } finally {
      await issuer.close();
    }
  });

  it('excludedRoutes with a pattern of no known form fails at construction, naming the option', () => {
    expect(() =>
      createAuthenticator({ jwksUrl: 'http://127.0.0.1:1/j', excludedRoutes: ['health'] }),
    ).toThrow(/excludedRoutes\[0\] \(no env variable\) "health" does not start with "\/"/);
  });
});
