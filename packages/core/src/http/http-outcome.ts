/** A response as plain data; each adapter writes it with its framework's own calls. */
export interface HttpOutcome {
  status: number;
  headers: Record<string, string>;
  /** Serialized body (JSON for every outcome we produce), or empty. */
  body: string;
  /** `Set-Cookie` values, each written as its own header, in order (SPEC §12.4). */
  setCookie?: readonly string[];
}

const JSON_TYPE = 'application/json';

export function jsonOutcome(
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): HttpOutcome {
  return { status, headers: { 'content-type': JSON_TYPE, ...headers }, body: JSON.stringify(body) };
}
