import type { PathAmbiguity } from './routes/ambiguous-path.js';

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
} as const;

export type TokenVerificationErrorReason =
  (typeof TokenVerificationErrorReason)[keyof typeof TokenVerificationErrorReason];

/** Reasons that mean "we could not check", not "the token is bad": guards answer 503, not 401. */
export function isInfrastructureReason(reason: string): boolean {
  return (
    reason === TokenVerificationErrorReason.RemoteJwksFailedToLoad ||
    reason === TokenVerificationErrorReason.SecretKeyInvalid
  );
}

/** A token was refused. `message` is for developers and logs; it never contains the token. */
export class TokenVerificationError extends Error {
  override readonly name = 'TokenVerificationError';
  readonly reason: TokenVerificationErrorReason;

  constructor(reason: TokenVerificationErrorReason, message: string) {
    super(message);
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
export class ConfigurationError extends Error {
  override readonly name = 'ConfigurationError';
  readonly code: ConfigurationErrorCode;

  constructor(code: ConfigurationErrorCode, message: string) {
    super(message);
    this.code = code;
  }
}

export interface BackendApiErrorDetail {
  code: string;
  message: string;
  longMessage: string | undefined;
  meta?: Record<string, unknown>;
}

/**
 * A Backend API call failed. Never carries the secret key.
 * `status` is the HTTP status, or 0 when no answer came (network failure, timeout); `code` is the
 * first Clerk error code, else one of `network_error`, `timeout`, `invalid_id`,
 * `unexpected_response` or `http_<status>`.
 */
export class BackendApiError extends Error {
  override readonly name = 'BackendApiError';
  readonly status: number;
  readonly code: string;
  readonly errors: BackendApiErrorDetail[];
  readonly clerkTraceId: string | undefined;
  readonly retryAfterSeconds: number | undefined;

  constructor(
    message: string,
    init: {
      status: number;
      /** Defaults to the first error's code. */
      code?: string;
      errors?: BackendApiErrorDetail[];
      clerkTraceId?: string | undefined;
      retryAfterSeconds?: number | undefined;
    },
  ) {
    super(message);
    this.status = init.status;
    this.errors = init.errors ?? [];
    this.code =
      init.code ?? this.errors[0]?.code ?? (init.status === 0 ? 'network_error' : `http_${init.status}`);
    this.clerkTraceId = init.clerkTraceId;
    this.retryAfterSeconds = init.retryAfterSeconds;
  }
}

/**
 * A route matcher was asked about a path that routers can read two ways (SPEC §7.1): it cannot
 * know whether it guards or allows, so it refuses. `ambiguity` says which kind; the path itself is
 * never in the error (it may hold a secret).
 */
export class AmbiguousPathError extends Error {
  override readonly name = 'AmbiguousPathError';
  readonly code = 'path-ambiguous';
  /** Frameworks that read a thrown error's `status` (Express, Connect, Fastify) answer 400. */
  readonly status = 400;
  readonly ambiguity: PathAmbiguity;

  constructor(ambiguity: PathAmbiguity) {
    super(`The request path is ambiguous (${ambiguity}): routers could read it two ways, so it is refused.`);
    this.ambiguity = ambiguity;
  }
}
