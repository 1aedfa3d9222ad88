import { BackendApiError } from '../errors.js';

/** Longer than any Clerk id or slug; keeps hostile ids from bloating cache keys and URLs. */
const MAX_ID_LENGTH = 256;

// `\` counts because WHATWG URL parsing treats it as `/` in http(s) paths.
const UNSAFE_CHARACTER = /[/\\?#%\s\p{Cc}]/u;

/**
 * Checks that a user id, organization id or slug is one plain path segment, and returns it
 * percent-encoded. Anything that could change the request path (`/`, `..`, `?`, `#`, `%`,
 * whitespace, control characters, an empty id) is refused before any request is made, with a
 * BackendApiError of status 400 and code `invalid_id`, so callers can answer it like any 4xx.
 */
export function pathSegmentForId(id: unknown, what: string): string {
  const problem = idProblem(id);
  if (problem === undefined) {
    try {
      return encodeURIComponent(id as string);
    } catch {
      throw invalidId(what, 'it is not well-formed Unicode'); // a lone UTF-16 surrogate
    }
  }
  throw invalidId(what, problem);
}

function idProblem(id: unknown): string | undefined {
  if (typeof id !== 'string') return `expected a string, got ${id === null ? 'null' : typeof id}`;
  if (id.length === 0) return 'it is empty';
  if (id.length > MAX_ID_LENGTH) return `it is longer than ${MAX_ID_LENGTH} characters`;
  if (id === '.' || id.includes('..')) return 'it contains a dot segment';
  if (UNSAFE_CHARACTER.test(id)) {
    return 'it contains a character that could change the request path (/, \\, ?, #, %, whitespace or a control character)';
  }
  return undefined;
}

function invalidId(what: string, problem: string): BackendApiError {
  const message = `Invalid ${what}: ${problem}. No request was made.`;
  return new BackendApiError(message, {
    status: 400,
    code: 'invalid_id',
    errors: [{ code: 'invalid_id', message: `invalid ${what}`, longMessage: message }],
  });
}
