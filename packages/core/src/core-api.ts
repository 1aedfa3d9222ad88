// Everything the two entry points share; each binds its own crypto platform.
import { type Authenticator, createAuthenticatorWith } from './authenticator.js';
import type { CryptoPlatform } from './crypto/platform.js';
import type { AuthOptions } from './options.js';
import { type AuthenticatorInput, createTenantResolver, type TenantResolver } from './tenant.js';
import type { SessionClaims } from './types/session-claims.js';

export interface CoreApi {
  createAuthenticator(options?: AuthOptions): Authenticator;
  verifyToken(token: string, options?: AuthOptions): Promise<SessionClaims>;
}

export function createCoreApi(platform: CryptoPlatform): CoreApi {
  const createAuthenticator = (options?: AuthOptions): Authenticator =>
    createAuthenticatorWith(platform, options);
  // verifyToken(token, options) keeps one authenticator per options object, so its keys stay cached.
  const byOptions = new WeakMap<AuthOptions, Authenticator>();
  let fromEnvironment: Authenticator | undefined;
  return {
    createAuthenticator,
    verifyToken(token, options) {
      let authenticator: Authenticator;
      if (options === undefined) {
        fromEnvironment ??= createAuthenticator();
        authenticator = fromEnvironment;
      } else {
        authenticator = byOptions.get(options) ?? createAuthenticator(options);
        byOptions.set(options, authenticator);
      }
      return authenticator.verifyToken(token);
    },
  };
}

/** `createTenantResolver` of an entry: its tenants' authenticators use that entry's platform. */
export function bindTenantResolver(
  createAuthenticator: (options?: AuthOptions) => Authenticator,
): <Req>(input: AuthenticatorInput<Req> | undefined) => TenantResolver<Req> {
  return (input) => createTenantResolver(input, createAuthenticator);
}
