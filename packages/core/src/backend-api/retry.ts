// When and how long to wait before another Backend API attempt.

/** Attempts in all, the first included. */
export const MAX_ATTEMPTS = 3;
/** First backoff step; doubles per attempt (before jitter). */
const BASE_DELAY_IN_MS = 250;
/** The longest Retry-After we wait out; a longer one fails at once (its value is on the error). */
export const MAX_RETRY_AFTER_IN_MS = 10_000;

/** 429 and 5xx may pass on their own; any other 4xx will not. */
export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}

/**
 * Retry-After as seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3). Undefined when
 * absent or unreadable.
 */
export function parseRetryAfterSeconds(header: string | null, nowInMs: number): number | undefined {
  if (header === null) return undefined;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, Math.ceil((date - nowInMs) / 1000));
}

/**
 * How long to wait after failed attempt number `attempt` (1-based): the server's Retry-After when
 * it gave one, else exponential backoff. Jitter spreads instances that failed together; it is
 * only ever added, so a Retry-After is never undercut.
 */
export function retryDelayInMs(
  attempt: number,
  retryAfterSeconds: number | undefined,
  random: () => number = Math.random,
): number {
  if (retryAfterSeconds !== undefined) {
    const requested = retryAfterSeconds * 1000;
    return requested + random() * Math.min(250, requested * 0.1);
  }
  const step = BASE_DELAY_IN_MS * 2 ** (attempt - 1);
  return step / 2 + random() * (step / 2);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
