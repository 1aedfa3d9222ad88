// Tests reach the core's internals by name (`@sessionguard/core/internal/*`, an alias in
// vitest.config.ts and tests/tsconfig.json, not a published subpath). The name must load the very
// modules the root import loads: otherwise an error thrown by the public API would fail an
// `instanceof` against the internal class, and a test of an internal would test a second copy.
import * as root from '@sessionguard/core';
import { ConfigurationError, TokenVerificationError } from '@sessionguard/core/internal/errors.js';
import { describe, expect, it } from 'vitest';

describe('@sessionguard/core/internal/* is the build the root import loads', () => {
  it('gives the same classes as the root export', () => {
    expect(TokenVerificationError).toBe(root.TokenVerificationError);
    expect(ConfigurationError).toBe(root.ConfigurationError);
  });

  it('an error thrown through the root API is an instance of the internal class', () => {
    let thrown: unknown;
    try {
      root.createAuthenticator({ jwtKey: 'not a PEM key' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigurationError);
  });
});
