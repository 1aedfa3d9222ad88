import { assertSigningAlgorithm, type SigningAlgorithm } from './algorithms.js';
import type { IssuerInstance } from './fapi.js';
import type { TestIssuerOptions } from './issuer-types.js';

export interface ResolvedIssuerOptions {
  alg: SigningAlgorithm;
  modulusLength: number;
  port: number;
  instance: IssuerInstance;
  sessionLifetimeInSeconds: number;
  refreshCookie: boolean;
}

/** Defaults filled in; a mistaken option throws here, naming it, before any key is made. */
export function resolveIssuerOptions(options: TestIssuerOptions): ResolvedIssuerOptions {
  const instance = options.instance ?? 'development';
  if (instance !== 'development' && instance !== 'production') {
    throw new TypeError("createTestIssuer: instance must be 'development' or 'production'");
  }
  const sessionLifetimeInSeconds = options.sessionLifetimeInSeconds ?? 60;
  if (!Number.isInteger(sessionLifetimeInSeconds) || sessionLifetimeInSeconds <= 0) {
    throw new TypeError(
      'createTestIssuer: sessionLifetimeInSeconds must be a positive whole number of seconds',
    );
  }
  const refreshCookie = options.refreshCookie ?? false;
  if (typeof refreshCookie !== 'boolean') {
    throw new TypeError('createTestIssuer: refreshCookie must be true or false');
  }
  return {
    alg: assertSigningAlgorithm(options.alg ?? 'RS256'),
    modulusLength: options.modulusLength ?? 2048,
    port: options.port ?? 0,
    instance,
    sessionLifetimeInSeconds,
    refreshCookie,
  };
}
