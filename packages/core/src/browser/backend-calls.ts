import { isRecord, readClerkErrorBody } from '../backend-api/error-body.js';
import { BodyTooLargeError, MAX_RESPONSE_BYTES, readBodyText } from '../util/bounded-body.js';
import { USER_AGENT } from '../version.js';
import { CLERK_API_VERSION } from './handshake-redirect.js';
import type { BrowserSettings } from './settings.js';

/** A Backend API answer: a JSON object, an error answer (its first Clerk error code), or none at all. */
export type CallResult =
  | { readonly kind: 'ok'; readonly body: Record<string, unknown> }
  | { readonly kind: 'error'; readonly status: number; readonly code: string | undefined }
  | { readonly kind: 'no-answer' };

const NO_ANSWER: CallResult = Object.freeze({ kind: 'no-answer' });

/**
 * One Backend API call of the handshake flow, bounded by `apiTimeoutInMs` (body included). Unlike
 * the lookups' client it never retries: a nonce and a refresh token are single-use, and a second
 * attempt after a lost answer would only be refused, while the page waits.
 */
export async function callBackendApi(
  settings: BrowserSettings,
  fetchImpl: typeof globalThis.fetch,
  method: 'GET' | 'POST',
  path: string,
  body?: Record<string, unknown>,
): Promise<CallResult> {
  const { secretKey } = settings;
  if (secretKey === undefined) return NO_ANSWER;
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${secretKey}`,
    'clerk-api-version': CLERK_API_VERSION,
    'user-agent': USER_AGENT,
  };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const signal = AbortSignal.timeout(settings.apiTimeoutInMs);
  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(`${settings.apiUrl}/${settings.apiVersion}/${path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal,
      redirect: 'error',
    });
    text = await readBodyText(response, MAX_RESPONSE_BYTES, signal, 'the response');
  } catch (error) {
    if (error instanceof BodyTooLargeError) return { kind: 'error', status: 502, code: undefined };
    return NO_ANSWER;
  }
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (response.ok && isRecord(json)) return { kind: 'ok', body: json };
  if (response.ok) return { kind: 'error', status: response.status, code: undefined };
  const first = readClerkErrorBody(json, null).errors[0];
  return { kind: 'error', status: response.status, code: first?.code };
}
