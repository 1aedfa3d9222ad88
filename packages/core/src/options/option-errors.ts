// How a configuration mistake is told: the option, its env variable, what it expects.

import { ConfigurationError } from '../errors.js';

/** The env variable of each option that has one (SPEC §2.1); the rest are options only. */
export const ENV_VARIABLES = {
  secretKey: 'CLERK_SECRET_KEY',
  publishableKey: 'CLERK_PUBLISHABLE_KEY',
  jwtKey: 'CLERK_JWT_KEY',
  jwksUrl: 'CLERK_JWKS_URL',
  apiUrl: 'CLERK_API_URL',
  apiVersion: 'CLERK_API_VERSION',
  authorizedParties: 'CLERK_AUTHORIZED_PARTIES',
  signInUrl: 'CLERK_SIGN_IN_URL',
  machineSecretKey: 'CLERK_MACHINE_SECRET_KEY',
  proxyUrl: 'CLERK_PROXY_URL',
  isSatellite: 'CLERK_IS_SATELLITE',
  domain: 'CLERK_DOMAIN',
  debug: 'CLERK_DEBUG',
} as const;

export type EnvOption = keyof typeof ENV_VARIABLES;

/** How messages name an option: with its env variable, or saying it has none. */
export function optionLabel(name: string): string {
  const env = (ENV_VARIABLES as Record<string, string | undefined>)[name];
  return env === undefined ? `${name} (an option only; no env variable)` : `${name} (${env})`;
}

export function invalidOption(name: string, expected: string, got?: string): ConfigurationError {
  return new ConfigurationError(
    'invalid-option',
    `Option ${optionLabel(name)} must be ${expected}${got === undefined ? '' : `; got ${got}`}.`,
  );
}

/** A short, safe description of a value that is not what was expected (never a string's content). */
export function kindOf(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : `a ${typeof value}`;
}
