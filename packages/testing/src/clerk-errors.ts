import { randomHex } from './random.js';

export type ClerkErrorCode =
  | 'resource_not_found'
  | 'authentication_invalid'
  | 'too_many_requests'
  | 'internal_clerk_error'
  | 'method_not_allowed'
  | 'request_body_invalid'
  | 'invalid_handshake'
  | 'invalid_redirect_url'
  | 'invalid_nonce'
  | 'invalid_refresh_token'
  | 'refresh_token_already_used'
  | 'session_not_active';

export interface ClerkErrorBody {
  errors: Array<{ message: string; long_message: string; code: string; meta: Record<string, unknown> }>;
  clerk_trace_id: string;
}

const MESSAGES: Record<ClerkErrorCode, { message: string; long_message: string }> = {
  resource_not_found: { message: 'not found', long_message: 'The requested resource was not found.' },
  authentication_invalid: {
    message: 'Invalid authentication',
    long_message: 'Unable to authenticate the request, you need to supply an active API key',
  },
  too_many_requests: {
    message: 'Too many requests',
    long_message: 'Too many requests, please try again later.',
  },
  internal_clerk_error: {
    message: 'Oops, an unexpected error occurred',
    long_message:
      "There was an internal error on our servers. We've been notified and are working on fixing it.",
  },
  method_not_allowed: {
    message: 'method not allowed',
    long_message: 'This endpoint does not accept this HTTP method.',
  },
  request_body_invalid: {
    message: 'Request body invalid',
    long_message: 'The request body is invalid. Please consult the API documentation for more information.',
  },
  invalid_handshake: {
    message: 'invalid handshake',
    long_message: 'The handshake request is invalid: redirect_url is missing or its origin is not allowed.',
  },
  invalid_redirect_url: {
    message: 'invalid redirect url',
    long_message: 'redirect_url is missing or its origin is not allowed.',
  },
  invalid_nonce: { message: 'invalid nonce', long_message: 'The nonce is unknown, expired or already used.' },
  invalid_refresh_token: {
    message: 'invalid refresh token',
    long_message: 'The refresh token is unknown or does not belong to this session.',
  },
  refresh_token_already_used: {
    message: 'refresh token already used',
    long_message: 'This refresh token has already been exchanged.',
  },
  session_not_active: { message: 'session not active', long_message: 'The session has ended.' },
};

/** Clerk's error envelope; the trace id is also sent as the `x-clerk-trace-id` header. */
export function clerkErrorBody(code: ClerkErrorCode, meta: Record<string, unknown> = {}): ClerkErrorBody {
  return { errors: [{ ...MESSAGES[code], code, meta }], clerk_trace_id: randomHex(16) };
}

/** The error code Clerk uses for a status, for queued answers that come without a body. */
export function clerkErrorCodeForStatus(status: number): ClerkErrorCode {
  if (status === 401 || status === 403) return 'authentication_invalid';
  if (status === 404) return 'resource_not_found';
  if (status === 400) return 'request_body_invalid';
  if (status === 405) return 'method_not_allowed';
  if (status === 429) return 'too_many_requests';
  return 'internal_clerk_error';
}
