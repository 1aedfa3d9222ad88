// acceptedTypes keeps the lists it made (a WeakSet) and hands them back as they are, so a guard's
// verifyWith is not validated again per request, and one list per single type: checked against the
// plain way (a fresh list).
import { acceptedTypes } from '@sessionguard/core/internal/options.js';
import { describe, expect, it } from 'vitest';

describe('acceptedTypes', () => {
  const inputs = [
    undefined,
    'any',
    'api_key',
    ['oauth_token', 'session_token'],
    ['api_key', 'api_key', 'm2m_token'],
  ] as const;

  it.each(inputs.map((input) => [JSON.stringify(input) ?? 'undefined', input] as const))(
    '%s: a list it made comes back as is, and equal to what a fresh copy of it gives',
    (_name, input) => {
      const made = acceptedTypes(input);
      expect(acceptedTypes(made)).toBe(made);
      expect(acceptedTypes([...made])).toEqual(made);
      expect(acceptedTypes([...made])).not.toBe(made);
      expect(Object.isFrozen(made)).toBe(true);
    },
  );

  it.each(['session_token', 'api_key', 'm2m_token', 'oauth_token'] as const)(
    "'%s' alone gives the same frozen list every time (per-request getAuth builds none), equal to [type]",
    (type) => {
      expect(acceptedTypes(type)).toBe(acceptedTypes(type));
      expect(acceptedTypes(type)).toEqual(acceptedTypes([type]));
      expect(Object.isFrozen(acceptedTypes(type))).toBe(true);
    },
  );

  it('a list it did not make is still checked, naming the option', () => {
    expect(() => acceptedTypes(['api_key', 'cookie'])).toThrow(/acceptsToken/);
    expect(() => acceptedTypes([])).toThrow(/acceptsToken/);
  });
});
