// What a Clerk user's app shows of a request (status, reason headers, body) and where two such
// outcomes differ, leaf by leaf, so a difference names the one field that changed.
import type { Sent } from './requests.js';

export const REASON_HEADERS = ['x-clerk-auth-status', 'x-clerk-auth-reason', 'www-authenticate'] as const;

export interface Outcome {
  status: number;
  headers: Record<string, string | null>;
  body: unknown;
}

export interface Difference {
  /** `express session`: the framework and the app. */
  app: string;
  request: string;
  /** `status`, `header x-clerk-auth-reason`, `body`, or a JSON path under it (`body.user.firstName`). */
  field: string;
  clerk: string;
  ours: string;
}

export const ABSENT = '(absent)';
const ANSWER_TIMEOUT_IN_MS = 4_000;

/** Sends one request (built once by the caller, so both SDKs get the very same bytes). */
export async function send(base: string, path: string, sent: Sent): Promise<Outcome> {
  const { method, headers, body } = sent;
  let response: Response;
  let text: string;
  try {
    const signal = AbortSignal.timeout(ANSWER_TIMEOUT_IN_MS);
    response = await fetch(new URL(path, base), { method, headers, body, redirect: 'manual', signal });
    text = await response.text();
  } catch (error) {
    // A hung or dropped request is an outcome too (status 0), not a hung test.
    return { status: 0, headers: {}, body: `no answer: ${(error as Error).name}` };
  }
  let parsed: unknown = text;
  if ((response.headers.get('content-type') ?? '').includes('json')) {
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = text;
    }
  }
  return {
    status: response.status,
    headers: Object.fromEntries(REASON_HEADERS.map((name) => [name, response.headers.get(name)])),
    body: parsed,
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Every leaf of a JSON value by path; an empty object or array is a leaf of its own. */
function leaves(value: unknown, path: string, into: Map<string, string>): Map<string, string> {
  if (isRecord(value) && Object.keys(value).length > 0) {
    for (const [key, child] of Object.entries(value)) leaves(child, `${path}.${key}`, into);
  } else {
    into.set(path, value === undefined ? ABSENT : JSON.stringify(value));
  }
  return into;
}

export function differences(app: string, request: string, clerk: Outcome, ours: Outcome): Difference[] {
  const found: Difference[] = [];
  const add = (field: string, a: string, b: string) => {
    if (a !== b) found.push({ app, request, field, clerk: a, ours: b });
  };
  add('status', String(clerk.status), String(ours.status));
  for (const name of REASON_HEADERS) {
    add(`header ${name}`, clerk.headers[name] ?? ABSENT, ours.headers[name] ?? ABSENT);
  }
  // A body that is text on one side and JSON on the other differs as a whole.
  if (typeof clerk.body === 'string' || typeof ours.body === 'string') {
    add('body', JSON.stringify(clerk.body), JSON.stringify(ours.body));
    return found;
  }
  const a = leaves(clerk.body, 'body', new Map());
  const b = leaves(ours.body, 'body', new Map());
  for (const path of new Set([...a.keys(), ...b.keys()]))
    add(path, a.get(path) ?? ABSENT, b.get(path) ?? ABSENT);
  return found;
}
