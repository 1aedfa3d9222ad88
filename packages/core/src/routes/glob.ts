/**
 * String route patterns compiled to a matcher that runs in time linear in the path (SPEC §7.2): no
 * regular expression, so no backtracking. A pattern is cut at each `*` into chunks; a chunk is
 * literal text and `:name` parameters, each parameter one whole segment. The first chunk is anchored
 * at the start, the last at the end, and each one between is taken at its earliest match: a later
 * match never leaves more room, so greedy left-to-right search is exact.
 */

type Part = string | typeof PARAM;
const PARAM: unique symbol = Symbol('param');
type Chunk = readonly Part[];

export interface Glob {
  /** Chunks between the stars; one chunk means no star at all. */
  readonly chunks: readonly Chunk[];
}

const SLASH = 0x2f;

/** Parses a pattern already checked by the caller: `*` = any run, `:name` = one segment. */
export function parseGlob(pattern: string): Glob {
  const chunks: Part[][] = [[]];
  let literal = '';
  const flush = () => {
    if (literal !== '') chunks[chunks.length - 1]!.push(literal);
    literal = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i]!;
    if (char === '*') {
      flush();
      if (chunks[chunks.length - 1]!.length > 0 || chunks.length === 1) chunks.push([]);
    } else if (
      char === ':' &&
      pattern.charCodeAt(i - 1) === SLASH &&
      /[A-Za-z_]/.test(pattern[i + 1] ?? '')
    ) {
      flush();
      while (/\w/.test(pattern[i + 1] ?? '')) i++;
      chunks[chunks.length - 1]!.push(PARAM);
    } else {
      literal += char;
    }
  }
  flush();
  return { chunks };
}

/** Where the chunk ends when it starts at `start`, or -1. A parameter runs to the next `/`. */
function endOf(chunk: Chunk, path: string, start: number): number {
  let at = start;
  for (const part of chunk) {
    if (part === PARAM) {
      const from = at;
      while (at < path.length && path.charCodeAt(at) !== SLASH) at++;
      if (at === from) return -1;
    } else {
      if (!path.startsWith(part, at)) return -1;
      at += part.length;
    }
  }
  return at;
}

/** Where the chunk starts when it ends at `end`, or -1 (read right to left, as deterministic). */
function startOf(chunk: Chunk, path: string, end: number): number {
  let at = end;
  for (let k = chunk.length - 1; k >= 0; k--) {
    const part = chunk[k]!;
    if (part === PARAM) {
      const from = at;
      while (at > 0 && path.charCodeAt(at - 1) !== SLASH) at--;
      if (at === from) return -1;
    } else {
      if (at < part.length || !path.startsWith(part, at - part.length)) return -1;
      at -= part.length;
    }
  }
  return at;
}

/** The earliest end of a match of the chunk starting at or after `from`, or -1. */
function earliestEnd(chunk: Chunk, path: string, from: number): number {
  const first = chunk[0];
  if (first === undefined) return from;
  // A chunk after a star starts with literal text: a parameter always follows a `/` of its chunk.
  if (typeof first !== 'string') return -1;
  for (let at = path.indexOf(first, from); at !== -1; at = path.indexOf(first, at + 1)) {
    const end = endOf(chunk, path, at);
    if (end !== -1) return end;
  }
  return -1;
}

export function matchGlob(glob: Glob, path: string): boolean {
  const { chunks } = glob;
  const head = chunks[0]!;
  if (chunks.length === 1) return endOf(head, path, 0) === path.length;
  let at = endOf(head, path, 0);
  if (at === -1) return false;
  for (let k = 1; k < chunks.length - 1; k++) {
    at = earliestEnd(chunks[k]!, path, at);
    if (at === -1) return false;
  }
  const tailStart = startOf(chunks[chunks.length - 1]!, path, path.length);
  return tailStart !== -1 && tailStart >= at;
}
