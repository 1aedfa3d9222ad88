// Everything the two entry points share; each binds its own crypto platform.
import {
  type AnyAuthenticator,
  type Authenticator,
  createAuthenticatorWith,
  type TypedAcceptance,
} from './authenticator.js';
import type { CryptoPlatform } from './crypto/platform.js';
import type { AuthOptions } from './options.js';
import { type AuthenticatorInput, createTenantResolver, type TenantResolver } from './tenant.js';
import type { AcceptsToken } from './token/token-type.js';
import type { SessionClaims } from './types/session-claims.js';

export interface CoreApi {
  /**
   * Typed by the `acceptsToken` given, so `state.auth` narrows with no cast. Options whose
   * `acceptsToken` is not written out (absent, or typed only as AcceptsToken) type as session
   * tokens, as Clerk's generics do.
   */
  createAuthenticator<const A extends AcceptsToken = 'session_token'>(
    options?: AuthOptions & { acceptsToken?: A },
  ): Authenticator<TypedAcceptance<A>>;
  verifyToken(token: string, options?: AuthOptions): Promise<SessionClaims>;
}

export function createCoreApi(platform: CryptoPlatform): CoreApi {
  const createAuthenticator: CoreApi['createAuthenticator'] = (options) =>
    createAuthenticatorWith(platform, options);
  // verifyToken(token, options) keeps one authenticator per options object, so its keys stay cached.
  const byOptions = new WeakMap<AuthOptions, AnyAuthenticator>();
  let fromEnvironment: AnyAuthenticator | undefined;
  return {
    createAuthenticator,
    verifyToken(token, options) {
      let authenticator: AnyAuthenticator;
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
  createAuthenticator: (options?: AuthOptions) => AnyAuthenticator,
): <Req>(input: AuthenticatorInput<Req> | undefined) => TenantResolver<Req> {
  return (input) => createTenantResolver(input, createAuthenticator);
}
