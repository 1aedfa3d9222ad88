import { createAuthenticator, createRouteMatcher } from '@sessionguard/core';
import { createTestIssuer } from '@sessionguard/testing';
import { describe, expect, it } from 'vitest';
import { bearer } from './helpers.js';

describe('SPEC §7: route patterns', () => {
  it.each([
    ['/health', '/health', true],
    ['/health', '/health/', true],
    ['/health', '/HEALTH', true],
    ['/health', '/health?x=1', true],
    ['/health', '/healthz', false],
    ['/health', '/health/x', false],
    ['/public/*', '/public/a/b.css', true],
    ['/public/*', '/PUBLIC/a', true],
    ['/public/*', '/publicity', false],
    ['/admin/*', '//admin/x', true],
    ['/admin/*', '/admin/x/', true],
    ['/admin/*', '/%61dmin/x', true],
    ['/admin/*', '/ADMIN/x', true],
    ['/admin/*', 'http://app.test/admin/x?y', true],
    ['/sign-in(.*)', '/sign-in', true],
    ['/sign-in(.*)', '/sign-in/factor-one', true],
    ['/sign-in(.*)', '/sign-up', false],
    ['/orgs/:slug/settings', '/orgs/acme/settings', true],
    ['/orgs/:slug/settings', '/orgs/acme/x/settings', false],
    ['/a.b', '/aXb', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(createRouteMatcher(pattern)(path)).toBe(expected);
  });

  it('takes RegExps (stateful flags dropped), predicates, lists and requests', () => {
    const sticky = /^\/api\//g;
    const matcher = createRouteMatcher([sticky, (path) => path.endsWith('.json')]);
    expect(matcher('/api/x')).toBe(true);
    expect(matcher('/api/x')).toBe(true);
    expect(matcher('/data/x.json')).toBe(true);
    expect(matcher({ url: '/other' })).toBe(false);
    expect(createRouteMatcher([])('/x')).toBe(false);
  });

  it('is case-sensitive only when asked', () => {
    expect(createRouteMatcher('/Admin', { caseSensitive: true })('/admin')).toBe(false);
    expect(createRouteMatcher('/Admin', { caseSensitive: true })('/Admin')).toBe(true);
  });

  it('a path that does not decode matches every guard (fail closed)', () => {
    expect(createRouteMatcher('/admin/*')('/%E0%A4%A/x')).toBe(true);
  });

  it('excludedRoutes: no token is read, reason route-excluded; an undecodable path is never excluded', async () => {
    const issuer = await createTestIssuer();
    try {
      const authenticator = createAuthenticator({
        jwksUrl: issuer.jwksUrl,
        excludedRoutes: ['/health', '/public/*'],
      });
      const token = await issuer.mintSessionToken({ userId: 'u' });
      const excluded = await authenticator.authenticateRequest({ url: '/public/app.js', ...bearer(token) });
      expect(excluded.reason).toBe('route-excluded');
      expect(issuer.stats.jwksRequests).toBe(0);
      expect((await authenticator.authenticateRequest({ url: '/HEALTH/', ...bearer(token) })).reason).toBe(
        'route-excluded',
      );
      expect(
        (await authenticator.authenticateRequest({ url: '/public/%E0%A4%A', ...bearer(token) })).status,
      ).toBe('signed-in');
      expect((await authenticator.authenticateRequest({ url: '/me', ...bearer(token) })).status).toBe(
        'signed-in',
      );
    } finally {
      await issuer.close();
    }
  });
});
