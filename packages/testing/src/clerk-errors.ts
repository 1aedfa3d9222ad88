import { randomHex } from './random.js';

export type ClerkErrorCode =
  | 'resource_not_found'
  | 'authentication_invalid'
  | 'too_many_requests'
  | 'internal_clerk_error'
  | 'method_not_allowed'
  | 'request_body_invalid';

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
};

/** Clerk's error envelope; the trace id is also sent as the `x-clerk-trace-id` header. */
export function clerkErrorBody(code: ClerkErrorCode): ClerkErrorBody {
  return { errors: [{ ...MESSAGES[code], code, meta: {} }], clerk_trace_id: randomHex(16) };
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
