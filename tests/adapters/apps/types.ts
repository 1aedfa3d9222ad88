import type { Fixtures } from '../fixtures.js';

/** A request as a case sends it: headers are sent as given (a list sends the header repeatedly). */
export interface SentRequest {
  method: string;
  /** Request target as sent: path and query, not normalized. */
  path: string;
  headers: Record<string, string | string[]>;
  body?: string;
}

export interface ReceivedResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Every Set-Cookie header, each on its own, in order. */
  setCookie: string[];
  body: string;
}

/** Set-Cookie values as a client library hands them: one string, a list, or none. */
export function setCookieList(value: string | string[] | number | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [String(value)];
}

export interface RunningApp {
  send(request: SentRequest): Promise<ReceivedResponse>;
  close(): Promise<void>;
}

export type AppFactory = (fixtures: Fixtures) => Promise<RunningApp>;

export function flattenHeaders(
  headers: Record<string, string | string[] | number | undefined>,
): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined)
      flat[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return flat;
}

/**
 * Builds an app whose clerkMiddleware gets these options, each way the framework has; resolves to
 * what each way threw or rejected with (undefined: it built).
 */
export type AppConstructor = (options: Record<string, unknown>) => Promise<unknown[]>;

/** What building threw or rejected with; undefined when it built. */
export async function failureOf(build: () => unknown): Promise<unknown> {
  try {
    await build();
    return undefined;
  } catch (error) {
    return error;
  }
}
