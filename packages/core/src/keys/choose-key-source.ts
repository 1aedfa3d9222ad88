import type { CryptoPlatform } from '../crypto/platform.js';
import { ConfigurationError } from '../errors.js';
import type { Logger } from '../types/logger.js';
import type { KeySource } from './key-source.js';
import { createPemKeySource } from './pem-key-source.js';
import { frontendApiFromPublishableKey, frontendApiJwksUrl } from './publishable-key.js';
import { RemoteKeySource } from './remote-key-source.js';
import { isSecretKeyShape } from './secret-key.js';

/** What choosing and building the key source reads, as resolved. */
export interface KeySourceSettings {
  readonly jwtKey: string | undefined;
  readonly jwksUrl: string | undefined;
  readonly secretKey: string | undefined;
  readonly publishableKey: string | undefined;
  readonly apiUrl: string;
  readonly apiVersion: string;
  readonly jwksCacheTtlInMs: number;
  readonly jwksCooldownInMs: number;
  readonly jwksTimeoutInMs: number;
  readonly jwksStaleIfErrorInMs: number;
  readonly logger: Logger | undefined;
  readonly fetch: typeof globalThis.fetch;
  readonly now: () => number;
}

const KEY_SOURCE_HELP =
  'No key source to verify session tokens with. Set one of: jwtKey (CLERK_JWT_KEY, a PEM public key, no network), jwksUrl (CLERK_JWKS_URL), secretKey (CLERK_SECRET_KEY) or publishableKey (CLERK_PUBLISHABLE_KEY).';

/** First that is set wins: jwtKey, jwksUrl, secretKey, publishableKey (SPEC §2.1). */
export function chooseKeySource(options: KeySourceSettings, platform: CryptoPlatform): KeySource {
  if (options.jwtKey) return createPemKeySource(options.jwtKey, platform);
  const remote = (url: string, headers: Record<string, string> | undefined, authenticated: boolean) =>
    new RemoteKeySource({
      url,
      ...(headers ? { headers } : {}),
      authenticated,
      platform,
      fetch: options.fetch,
      now: options.now,
      cacheTtlInMs: options.jwksCacheTtlInMs,
      cooldownInMs: options.jwksCooldownInMs,
      timeoutInMs: options.jwksTimeoutInMs,
      staleIfErrorInMs: options.jwksStaleIfErrorInMs,
      logger: options.logger,
    });
  // resolveOptions has checked jwksUrl and apiUrl: absolute https: (http: only for loopback).
  if (options.jwksUrl) return remote(options.jwksUrl, undefined, false);
  if (options.secretKey) {
    if (!isSecretKeyShape(options.secretKey)) {
      throw new ConfigurationError(
        'invalid-secret-key',
        'The secret key (secretKey / CLERK_SECRET_KEY) is malformed: expected sk_test_… or sk_live_….',
      );
    }
    return remote(
      `${options.apiUrl}/${options.apiVersion}/jwks`,
      { authorization: `Bearer ${options.secretKey}` },
      true,
    );
  }
  if (options.publishableKey) {
    return remote(
      frontendApiJwksUrl(frontendApiFromPublishableKey(options.publishableKey)),
      undefined,
      false,
    );
  }
  throw new ConfigurationError('missing-key-source', KEY_SOURCE_HELP);
}
