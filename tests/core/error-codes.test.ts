import {
  AmbiguousPathError,
  BackendApiError,
  ConfigurationError,
  type ConfigurationErrorCode,
  createAuthenticator,
  createRouteMatcher,
  SessionguardError,
  TokenVerificationError,
  TokenVerificationErrorReason,
  WebhookVerificationError,
  WebhookVerificationErrorReason,
} from '@sessionguard/core';
import { createTestIssuer, type TestIssuer } from '@sessionguard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The codes are a contract: clients, logs and alerts match on them. This table is written out by
// hand on purpose, so that renaming a code fails here instead of passing silently.
const REASONS = [
  'session-token-missing',
  'token-ambiguous',
  'token-invalid',
  'token-type-mismatch',
  'token-invalid-algorithm',
  'jwk-kid-mismatch',
  'jwk-remote-failed-to-load',
  'secret-key-invalid',
  'token-invalid-signature',
  'token-verification-failed',
  'token-invalid-audience',
  'token-invalid-authorized-parties',
  'token-invalid-issuer',
  'token-expired',
  'token-not-active-yet',
  'token-iat-in-the-future',
  'session-pending',
  'route-excluded',
  'token-verification-unavailable',
] as const satisfies readonly TokenVerificationErrorReason[];

const CONFIGURATION_CODES = [
  'missing-key-source',
  'invalid-publishable-key',
  'invalid-secret-key',
  'invalid-jwt-key',
  'weak-jwt-key',
  'invalid-option',
  'missing-secret-key',
] as const satisfies readonly ConfigurationErrorCode[];

// A code added to the union but not to the table above breaks the typecheck here.
type UnlistedConfigurationCode = Exclude<ConfigurationErrorCode, (typeof CONFIGURATION_CODES)[number]>;
const configurationTableIsComplete: [UnlistedConfigurationCode] extends [never] ? true : never = true;

describe('error codes: one base, stable strings', () => {
  it('TokenVerificationErrorReason holds exactly the listed reasons', () => {
    expect(configurationTableIsComplete).toBe(true);
    expect(Object.values(TokenVerificationErrorReason)).toEqual(REASONS);
  });

  it.each(REASONS)('TokenVerificationError %s: a SessionguardError whose code is its reason', (reason) => {
    const error = new TokenVerificationError(reason, 'refused');
    expect(error).toBeInstanceOf(SessionguardError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'TokenVerificationError', code: reason, reason, message: 'refused' });
  });

  it.each(CONFIGURATION_CODES)('ConfigurationError %s: a SessionguardError with that code', (code) => {
    const error = new ConfigurationError(code, 'cannot work');
    expect(error).toBeInstanceOf(SessionguardError);
    expect(error).toMatchObject({ name: 'ConfigurationError', code, message: 'cannot work' });
  });

  it('BackendApiError: a SessionguardError; its code is the first Clerk code, else network_error or http_<status>', () => {
    const detail = { code: 'resource_not_found', message: 'not found', longMessage: undefined };
    const cases: [BackendApiError, string][] = [
      [new BackendApiError('m', { status: 404, errors: [detail] }), 'resource_not_found'],
      [new BackendApiError('m', { status: 0 }), 'network_error'],
      [new BackendApiError('m', { status: 502 }), 'http_502'],
      [new BackendApiError('m', { status: 0, code: 'timeout' }), 'timeout'],
    ];
    for (const [error, code] of cases) {
      expect(error).toBeInstanceOf(SessionguardError);
      expect(error).toMatchObject({ name: 'BackendApiError', code });
    }
  });

  it('WebhookVerificationError: a SessionguardError whose code is its reason, one of the listed ones', () => {
    expect(Object.values(WebhookVerificationErrorReason).sort()).toEqual([
      'webhook-body-invalid',
      'webhook-body-too-large',
      'webhook-headers-missing',
      'webhook-replay-check-unavailable',
      'webhook-replayed',
      'webhook-signature-invalid',
      'webhook-timestamp-invalid',
      'webhook-timestamp-out-of-tolerance',
    ]);
    for (const reason of Object.values(WebhookVerificationErrorReason)) {
      const error = new WebhookVerificationError(reason, 'm');
      expect(error).toBeInstanceOf(SessionguardError);
      expect(error).toMatchObject({
        code: reason,
        reason,
        status:
          reason === 'webhook-body-too-large'
            ? 413
            : reason === 'webhook-replay-check-unavailable'
              ? 503
              : 400,
        retryAfterSeconds: reason === 'webhook-replay-check-unavailable' ? 5 : undefined,
      });
    }
  });

  it('AmbiguousPathError: a SessionguardError with code path-ambiguous and status 400', () => {
    const error = new AmbiguousPathError('encoded-separator');
    expect(error).toBeInstanceOf(SessionguardError);
    expect(error).toMatchObject({ name: 'AmbiguousPathError', code: 'path-ambiguous', status: 400 });
  });
});

describe('error codes: the errors the core throws carry them', () => {
  it('a matcher on an ambiguous path: AmbiguousPathError', () => {
    const isPublic = createRouteMatcher(['/public/*']);
    expect(() => isPublic('/public/..%2Fadmin')).toThrow(AmbiguousPathError);
  });

  let issuer: TestIssuer;
  beforeAll(async () => {
    issuer = await createTestIssuer();
  });
  afterAll(() => issuer.close());

  it('construction without a key source: ConfigurationError missing-key-source', () => {
    let thrown: unknown;
    try {
      createAuthenticator({ fetch: globalThis.fetch });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SessionguardError);
    expect(thrown).toMatchObject({ name: 'ConfigurationError', code: 'missing-key-source' });
  });

  it('a refused token: TokenVerificationError with code and reason alike', async () => {
    const authenticator = createAuthenticator({ jwksUrl: issuer.jwksUrl });
    const expired = await issuer.mintSessionToken({ userId: 'user_1', expiresInSeconds: -60 });
    const rejection = await authenticator.verifyToken(expired).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(rejection).toBeInstanceOf(SessionguardError);
    expect(rejection).toMatchObject({ code: 'token-expired', reason: 'token-expired' });
  });

  it('a Backend API 404: BackendApiError with Clerk’s code', async () => {
    const authenticator = createAuthenticator({
      jwksUrl: issuer.jwksUrl,
      secretKey: issuer.secretKey,
      apiUrl: issuer.url,
    });
    const rejection = await authenticator.users.getUser('user_nobody').then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(rejection).toBeInstanceOf(SessionguardError);
    expect(rejection).toMatchObject({ name: 'BackendApiError', status: 404 });
    expect((rejection as BackendApiError).code).toBe((rejection as BackendApiError).errors[0]?.code);
  });
});
