import type { BackendApiErrorDetail } from '../errors.js';

export interface ClerkErrorInfo {
  errors: BackendApiErrorDetail[];
  clerkTraceId: string | undefined;
}

/**
 * Reads Clerk's error envelope, `{ errors: [{ code, message, long_message, meta }], clerk_trace_id }`.
 * The body may be anything (a proxy's HTML page, nothing at all), so every field is checked.
 */
export function readClerkErrorBody(body: unknown, traceIdHeader: string | null): ClerkErrorInfo {
  const envelope = isRecord(body) ? body : {};
  const list = Array.isArray(envelope.errors) ? envelope.errors : [];
  const errors: BackendApiErrorDetail[] = [];
  for (const item of list) {
    if (!isRecord(item)) continue;
    const detail: BackendApiErrorDetail = {
      code: typeof item.code === 'string' ? item.code : 'unknown',
      message: typeof item.message === 'string' ? item.message : '',
      longMessage: typeof item.long_message === 'string' ? item.long_message : undefined,
    };
    if (isRecord(item.meta)) detail.meta = item.meta;
    errors.push(detail);
  }
  const traceId = typeof envelope.clerk_trace_id === 'string' ? envelope.clerk_trace_id : traceIdHeader;
  return { errors, clerkTraceId: traceId || undefined };
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
