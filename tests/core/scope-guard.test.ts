import { ConfigurationError } from '@sessionguard/core';
import { requireAuthCheck } from '@sessionguard/core/adapter';
import { describe, expect, it } from 'vitest';

// SPEC §6: requireAuth({ scope }) asks one OAuth scope of every token type (the adapter table runs it,
// tests/adapters). A scope no token could carry would refuse every request: a mistake at start-up.
describe('requireAuth({ scope }) refuses a scope that is not one RFC 6749 scope-token', () => {
  it.each([
    ['', 'empty'],
    ['read write', 'two scopes in one string'],
    ['say"hi', 'a quote'],
    ['back\\slash', 'a backslash'],
    ['line\r\nbreak', 'a line break (would split the header)'],
    ['caf\u00e9', 'non-ASCII'],
  ])('%j (%s) is a ConfigurationError', (scope) => {
    expect(() => requireAuthCheck<never>({ scope })).toThrow(ConfigurationError);
    expect(() => requireAuthCheck<never>({ scope })).toThrow(/requireAuth\(\{ scope \}\).*RFC 6749/);
  });

  it('a scope that is not a string (plain JavaScript) is one too', () => {
    expect(() => requireAuthCheck<never>({ scope: ['read'] as never })).toThrow(ConfigurationError);
    expect(() => requireAuthCheck<never>({ scope: null as never })).toThrow(ConfigurationError);
  });

  it('a usual scope builds', () => {
    for (const scope of ['read', 'admin:write', 'https://api.example/read', 'openid'])
      expect(typeof requireAuthCheck<never>({ scope })).toBe('function');
  });
});
