import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { type ClerkErrorCode, clerkErrorBody } from './clerk-errors.js';

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: OutgoingHttpHeaders = {},
): void {
  // The client may have given up (aborted fetch) while a delayed answer was pending.
  if (response.destroyed || response.headersSent) return;
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

export function sendClerkError(
  response: ServerResponse,
  status: number,
  code: ClerkErrorCode,
  headers: OutgoingHttpHeaders = {},
  meta: Record<string, unknown> = {},
): void {
  const body = clerkErrorBody(code, meta);
  sendJson(response, status, body, { 'x-clerk-trace-id': body.clerk_trace_id, ...headers });
}

/** Whether the request's `Authorization: Bearer …` is one of the accepted keys. */
export function hasBearer(request: IncomingMessage, ...acceptedKeys: string[]): boolean {
  const match = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '');
  return match?.[1] !== undefined && acceptedKeys.includes(match[1]);
}

/** A test helper must never take the test run down with it (e.g. a queued body JSON cannot encode). */
export function answerSafely(response: ServerResponse, answer: () => void): void {
  try {
    answer();
  } catch {
    sendClerkError(response, 500, 'internal_clerk_error');
  }
}
