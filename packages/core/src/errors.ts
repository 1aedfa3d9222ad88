import type { BackendApiErrorMeta } from './util/clerk-error-meta.js';

/**
 * The one base of every error class of SPEC §2: `error instanceof SessionguardError` catches them
 * all, and `code` is a stable string to match on (messages may change; codes do not).
 */
export abstract class SessionguardError<Code extends string = string> extends Error {
  readonly code: Code;

  constructor(code: Code, message: string) {
    super(message);
    this.code = code;
  }
}

// The error classes of SPEC §2, each extending SessionguardError. AmbiguousPathError (§7.1) and
// WebhookVerificationError (§10) join them here.

/** Every reason a request can end up signed out. Stable strings: clients and logs match on them. */
export const TokenVerificationErrorReason = {
  SessionTokenMissing: 'session-token-missing',
  TokenAmbiguous: 'token-ambiguous',
  TokenInvalid: 'token-invalid',
  TokenTypeMismatch: 'token-type-mismatch',
  TokenInvalidAlgorithm: 'token-invalid-algorithm',
  JwkKidMismatch: 'jwk-kid-mismatch',
  RemoteJwksFailedToLoad: 'jwk-remote-failed-to-load',
  SecretKeyInvalid: 'secret-key-invalid',
  TokenInvalidSignature: 'token-invalid-signature',
  TokenVerificationFailed: 'token-verification-failed',
  TokenInvalidAudience: 'token-invalid-audience',
  TokenInvalidAuthorizedParties: 'token-invalid-authorized-parties',
  TokenInvalidIssuer: 'token-invalid-issuer',
  TokenExpired: 'token-expired',
  TokenNotActiveYet: 'token-not-active-yet',
  TokenIatInTheFuture: 'token-iat-in-the-future',
  SessionPending: 'session-pending',
  RouteExcluded: 'route-excluded',
  TokenVerificationUnavailable: 'token-verification-unavailable',
} as const;

export type TokenVerificationErrorReason =
  (typeof TokenVerificationErrorReason)[keyof typeof TokenVerificationErrorReason];

/**
 * Reasons of browser sessions (SPEC §12.3), Clerk's exact strings: a request state's `reason`, not a
 * TokenVerificationError's. An expired cookie's reason is `SessionTokenExpiredRefresh` + a
 * `RefreshFailure` (or a Backend API error code), as Clerk builds it.
 */
export const BrowserSessionReason = {
  DevBrowserSync: 'dev-browser-sync',
  DevBrowserMissing: 'dev-browser-missing',
  SessionTokenAndUatMissing: 'session-token-and-uat-missing',
  SessionTokenButNoClientUat: 'session-token-but-no-client-uat',
  ClientUatButNoSessionToken: 'client-uat-but-no-session-token',
  SessionTokenIatBeforeClientUat: 'session-token-iat-before-client-uat',
  SessionTokenExpiredRefresh: 'session-token-expired-refresh-',
  SessionTokenNbf: 'session-token-nbf',
  SessionTokenIatInTheFuture: 'session-token-iat-in-the-future',
} as const;

/** Why an expired session cookie was not refreshed (SPEC §12.6; Clerk's strings). */
export const RefreshFailure = {
  NonEligibleNonGet: 'non-eligible-non-get',
  NonEligibleNoRefreshCookie: 'non-eligible-no-refresh-cookie',
  MissingApiClient: 'missing-api-client',
  ExpiredSessionTokenDecodeFailed: 'expired-session-token-decode-failed',
  ExpiredSessionTokenMissingSidClaim: 'expired-session-token-missing-sid-claim',
  FetchError: 'fetch-error',
  InvalidSessionToken: 'invalid-session-token',
  UnexpectedSdkError: 'unexpected-sdk-error',
} as const;

/**
 * `x-clerk-auth-message` values of browser sessions (SPEC §12.4–12.5, ours): a handshake that could
 * not be resolved, and a handshake loop that was stopped. Stable strings: logs and tests match on them.
 */
export const HandshakeMessage = {
  PayloadUnavailable: 'handshake-payload-unavailable',
  TokenInvalid: 'handshake-token-invalid',
  SessionInvalid: 'handshake-session-invalid',
  LoopStopped: 'handshake-loop-stopped',
} as const;

export type HandshakeMessage = (typeof HandshakeMessage)[keyof typeof HandshakeMessage];

/** Reasons that mean "we could not check", not "the token is bad": guards answer 503, not 401. */
export function isInfrastructureReason(reason: string): boolean {
  return (
    reason === TokenVerificationErrorReason.RemoteJwksFailedToLoad ||
    reason === TokenVerificationErrorReason.SecretKeyInvalid ||
    reason === TokenVerificationErrorReason.TokenVerificationUnavailable
  );
}

/**
 * A token was refused. `message` is for developers and logs; it never contains the token. `code` is
 * the same string as `reason` (the name SPEC §4 gives it).
 */
export class TokenVerificationError extends SessionguardError<TokenVerificationErrorReason> {
  override readonly name = 'TokenVerificationError';
  readonly reason: TokenVerificationErrorReason;

  constructor(reason: TokenVerificationErrorReason, message: string) {
    super(reason, message);
    this.reason = reason;
  }
}

export type ConfigurationErrorCode =
  | 'missing-key-source'
  | 'invalid-publishable-key'
  | 'invalid-secret-key'
  | 'invalid-jwt-key'
  | 'weak-jwt-key'
  | 'invalid-option'
  | 'missing-secret-key';

/** The options cannot work. Thrown at construction, never at the first request. */
export class ConfigurationError extends SessionguardError<ConfigurationErrorCode> {
  override readonly name = 'ConfigurationError';
}

/** One of Clerk's `errors[]`, as `ClerkAPIResponseError` carries it; `meta` is always an object. */
export interface BackendApiErrorDetail {
  code: string;
  message: string;
  longMessage: string | undefined;
  meta: BackendApiErrorMeta;
}

/**
 * A Backend API call failed (also exported as `ClerkAPIResponseError`, whose fields it has). Never
 * carries the secret key. `status` is the HTTP status, 0 when no answer came; `code` is the first
 * Clerk error code, else `network_error`, `timeout`, `invalid_id`, `unexpected_response` or
 * `http_<status>`: stable for a given answer, but open-ended (Clerk's codes), so typed `string`.
 */
export class BackendApiError extends SessionguardError {
  /** Read by `isClerkAPIResponseError()` of `@clerk/shared`, so Clerk's type guard knows it. */
  static readonly kind = 'ClerkAPIResponseError';
  override readonly name = 'BackendApiError';
  readonly clerkError = true;
  readonly status: number;
  readonly errors: BackendApiErrorDetail[];
  readonly clerkTraceId: string | undefined;
  /** Seconds from `Retry-After` (Clerk's name); `retryAfterSeconds` is the same value. */
  readonly retryAfter: number | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    init: {
      status: number;
      /** Defaults to the first error's code. */
      code?: string;
      errors?: Array<Omit<BackendApiErrorDetail, 'meta'> & { meta?: BackendApiErrorMeta }>;
      clerkTraceId?: string | undefined;
      retryAfterSeconds?: number | undefined;
    },
  ) {
    const errors = init.errors ?? [];
    super(
      init.code ?? errors[0]?.code ?? (init.status === 0 ? 'network_error' : `http_${init.status}`),
      message,
    );
    this.status = init.status;
    // A detail read back from a shared store may have lost its meta.
    this.errors = errors.map((detail) => ({ ...detail, meta: detail.meta ?? {} }));
    this.clerkTraceId = init.clerkTraceId;
    this.retryAfter = init.retryAfterSeconds;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/**
 * Why a request path has more than one reading (SPEC §7.1). Stable strings: logs and tests match on
 * them. `not-a-path` is a target in neither origin-form (`/…`) nor absolute-form (`http://host/…`);
 * `authority` is an absolute-form host part holding characters a URL parser may read as a path.
 */
export type PathAmbiguity =
  | 'not-a-path'
  | 'authority'
  | 'encoded-separator'
  | 'double-encoding'
  | 'backslash'
  | 'fragment'
  | 'empty-segment'
  | 'dot-segment'
  | 'control-character'
  | 'invalid-encoding'
  | 'case-folding';

/**
 * A route matcher was asked about a path that routers can read two ways (SPEC §7.1): it cannot
 * know whether it guards or allows, so it refuses. `ambiguity` says which kind; the path itself is
 * never in the error (it may hold a secret).
 */
export class AmbiguousPathError extends SessionguardError<'path-ambiguous'> {
  override readonly name = 'AmbiguousPathError';
  /** Frameworks that read a thrown error's `status` (Express, Connect, Fastify) answer 400. */
  readonly status = 400;
  readonly ambiguity: PathAmbiguity;

  constructor(ambiguity: PathAmbiguity) {
    super(
      'path-ambiguous',
      `The request path is ambiguous (${ambiguity}): routers could read it two ways, so it is refused.`,
    );
    this.ambiguity = ambiguity;
  }
}

/** Every reason a webhook delivery is refused (SPEC §10). Stable strings: apps and logs match on them. */
export const WebhookVerificationErrorReason = {
  HeadersMissing: 'webhook-headers-missing',
  TimestampInvalid: 'webhook-timestamp-invalid',
  TimestampOutOfTolerance: 'webhook-timestamp-out-of-tolerance',
  SignatureInvalid: 'webhook-signature-invalid',
  Replayed: 'webhook-replayed',
  BodyTooLarge: 'webhook-body-too-large',
  BodyInvalid: 'webhook-body-invalid',
  ReplayCheckUnavailable: 'webhook-replay-check-unavailable',
} as const;

export type WebhookVerificationErrorReason =
  (typeof WebhookVerificationErrorReason)[keyof typeof WebhookVerificationErrorReason];

/** Seconds a 503 `webhook-replay-check-unavailable` asks the sender to wait (Svix retries anyway). */
export const WEBHOOK_RETRY_AFTER_SECONDS = 5;

/**
 * A webhook delivery was refused. `status` is the HTTP status to answer (413 for the size, 503 when
 * the replay store cannot answer, else 400); a 503 also has `retryAfterSeconds` for `Retry-After`.
 * The message never holds the signing secret, a signature or anything read from the body.
 */
export class WebhookVerificationError extends SessionguardError<WebhookVerificationErrorReason> {
  override readonly name = 'WebhookVerificationError';
  readonly reason: WebhookVerificationErrorReason;
  readonly status: 400 | 413 | 503;
  readonly retryAfterSeconds: number | undefined;

  constructor(reason: WebhookVerificationErrorReason, message: string) {
    super(reason, message);
    this.reason = reason;
    const unavailable = reason === WebhookVerificationErrorReason.ReplayCheckUnavailable;
    this.status = unavailable ? 503 : reason === WebhookVerificationErrorReason.BodyTooLarge ? 413 : 400;
    this.retryAfterSeconds = unavailable ? WEBHOOK_RETRY_AFTER_SECONDS : undefined;
  }
}
