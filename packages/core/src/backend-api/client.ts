import { BackendApiError } from '../errors.js';
import type { Logger } from '../types/logger.js';
import { BodyTooLargeError, MAX_RESPONSE_BYTES, readBodyText } from '../util/bounded-body.js';
import { USER_AGENT } from '../version.js';
import { type ClerkErrorInfo, isRecord, readClerkErrorBody } from './error-body.js';
import {
  isRetryableStatus,
  MAX_ATTEMPTS,
  MAX_RETRY_AFTER_IN_MS,
  parseRetryAfterSeconds,
  retryDelayInMs,
  sleep,
} from './retry.js';

export interface BackendApiClientOptions {
  apiUrl: string;
  apiVersion: string;
  secretKey: string;
  fetch: typeof globalThis.fetch;
  /** One attempt, body included. */
  timeoutInMs: number;
  logger: Logger | undefined;
}

/** A 404 is an answer, not a failure: lookups cache it and the auth object turns it into null. */
export type ApiAnswer =
  | { found: true; json: Record<string, unknown> }
  | { found: false; notFound: ClerkErrorInfo };

export interface BackendApiClient {
  /** GET `{apiUrl}/{apiVersion}/{path}`; `path` must already be safe (see path-id.ts). */
  get(path: string): Promise<ApiAnswer>;
  /** POST JSON to `{apiUrl}/{path}`, no version segment (Clerk's machine-token verify endpoints). */
  post(path: string, body: Record<string, string>): Promise<ApiAnswer>;
}

type Attempt =
  | ApiAnswer
  | { found: 'failed'; error: BackendApiError; retryable: boolean; retryAfterSeconds: number | undefined };

/**
 * HTTP for the Backend API as Clerk's SDK does it (Bearer secret key, JSON), plus a timeout per
 * attempt and retries of 429, 5xx, network failures and timeouts: at most MAX_ATTEMPTS in all,
 * exponential backoff with jitter, honouring Retry-After up to MAX_RETRY_AFTER_IN_MS.
 */
export function createBackendApiClient(options: BackendApiClientOptions): BackendApiClient {
  const { apiUrl, apiVersion, secretKey, fetch: fetchImpl, timeoutInMs, logger } = options;
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${secretKey}`,
    'user-agent': USER_AGENT,
  };
  // Error bodies come from the network; a buggy proxy could echo the Authorization header back.
  const redact = (text: string): string => text.split(secretKey).join('[secret key]');

  const postHeaders: Record<string, string> = { ...headers, 'content-type': 'application/json' };

  async function attemptOnce(
    method: 'GET' | 'POST',
    url: string,
    displayPath: string,
    requestBody: string | undefined,
  ): Promise<Attempt> {
    let response: Response;
    let text: string;
    // One deadline for the headers and the whole body, even from a `fetch` that ignores the signal.
    const signal = AbortSignal.timeout(timeoutInMs);
    try {
      response = await fetchImpl(url, {
        method,
        headers: requestBody === undefined ? headers : postHeaders,
        ...(requestBody === undefined ? {} : { body: requestBody }),
        signal,
      });
      text = await readBodyText(response, MAX_RESPONSE_BYTES, signal, 'the response');
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        return {
          found: 'failed',
          error: new BackendApiError(`Backend API ${method} ${displayPath}: ${error.message}.`, {
            status: 502,
            code: 'unexpected_response',
          }),
          retryable: false,
          retryAfterSeconds: undefined,
        };
      }
      const timedOut = isTimeout(error);
      const why = timedOut ? `no answer within ${timeoutInMs} ms` : `network error (${describe(error)})`;
      return {
        found: 'failed',
        error: new BackendApiError(`Backend API ${method} ${displayPath}: ${why}.`, {
          status: 0,
          code: timedOut ? 'timeout' : 'network_error',
        }),
        retryable: true,
        retryAfterSeconds: undefined,
      };
    }
    const body = parseJson(text);
    if (response.ok) {
      if (isRecord(body) && typeof body.id === 'string') return { found: true, json: body };
      return {
        found: 'failed',
        error: new BackendApiError(
          `Backend API ${method} ${displayPath}: HTTP ${response.status} with a body that is not the expected JSON object.`,
          { status: 502, code: 'unexpected_response' },
        ),
        retryable: false,
        retryAfterSeconds: undefined,
      };
    }
    const info = readClerkErrorBody(body, response.headers.get('x-clerk-trace-id'));
    for (const detail of info.errors) {
      detail.message = redact(detail.message);
      if (detail.longMessage !== undefined) detail.longMessage = redact(detail.longMessage);
    }
    if (response.status === 404) return { found: false, notFound: info };
    const retryAfterSeconds = parseRetryAfterSeconds(response.headers.get('retry-after'), Date.now());
    const first = info.errors[0];
    const summary = first ? `: ${first.longMessage ?? first.message} (${first.code})` : '';
    const trace = info.clerkTraceId ? ` [clerk trace id ${info.clerkTraceId}]` : '';
    const hint =
      response.status === 401 || response.status === 403
        ? ' Check the secret key (secretKey / CLERK_SECRET_KEY).'
        : '';
    return {
      found: 'failed',
      error: new BackendApiError(
        `Backend API ${method} ${displayPath} failed with HTTP ${response.status}${summary}${trace}.${hint}`,
        {
          status: response.status,
          errors: info.errors,
          clerkTraceId: info.clerkTraceId,
          retryAfterSeconds,
        },
      ),
      retryable: isRetryableStatus(response.status),
      retryAfterSeconds,
    };
  }

  async function send(method: 'GET' | 'POST', displayPath: string, body?: string): Promise<ApiAnswer> {
    const url = `${apiUrl}${displayPath}`;
    for (let attempt = 1; ; attempt++) {
      const result = await attemptOnce(method, url, displayPath, body);
      if (result.found !== 'failed') return result;
      const { error, retryable, retryAfterSeconds } = result;
      const waitTooLong = retryAfterSeconds !== undefined && retryAfterSeconds * 1000 > MAX_RETRY_AFTER_IN_MS;
      if (!retryable || attempt >= MAX_ATTEMPTS || waitTooLong) {
        logger?.debug('backend api request failed', {
          path: displayPath,
          status: error.status,
          code: error.code,
          attempts: attempt,
        });
        throw error;
      }
      const delayInMs = Math.round(retryDelayInMs(attempt, retryAfterSeconds));
      logger?.debug('backend api retry', {
        path: displayPath,
        status: error.status,
        code: error.code,
        attempt,
        delayInMs,
      });
      await sleep(delayInMs);
    }
  }

  return {
    get: (path) => send('GET', `/${apiVersion}/${path}`),
    post: (path, body) => send('POST', `/${path}`, JSON.stringify(body)),
  };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function isTimeout(error: unknown): boolean {
  // AbortSignal.timeout rejects with a DOMException, which is not an Error on every runtime.
  const name = isRecord(error) ? error.name : undefined;
  return name === 'TimeoutError' || name === 'AbortError';
}

/** A name or system code only: messages of nested errors are not ours to repeat (they could hold headers). */
function describe(error: unknown): string {
  const cause = error instanceof Error ? error.cause : undefined;
  const code = isRecord(cause) && typeof cause.code === 'string' ? cause.code : undefined;
  const name = error instanceof Error ? error.name : typeof error;
  return code ? `${name}: ${code}` : name;
}
