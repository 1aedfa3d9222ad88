import type { PathAmbiguity } from '../errors.js';
import { foldsToAscii } from './case-folding.js';

export type { PathAmbiguity };

/** A refused reading; one frozen object per kind, so refusing allocates nothing. */
export interface Refused {
  readonly ambiguity: PathAmbiguity;
}

const refusals = new Map<PathAmbiguity, Refused>();
function refused(ambiguity: PathAmbiguity): Refused {
  let refusal = refusals.get(ambiguity);
  if (refusal === undefined) {
    refusal = Object.freeze({ ambiguity });
    refusals.set(ambiguity, refusal);
  }
  return refusal;
}

const SLASH = 0x2f;
const DOT = 0x2e;
const PERCENT = 0x25;
const BACKSLASH = 0x5c;
const HASH = 0x23;
const QUERY = 0x3f;

const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;
// RFC 3986 authority characters without pct-encoding: anything else (`\`, `%`, a space, a control
// or a non-ASCII character) is read differently by different URL parsers.
const PLAIN_AUTHORITY = /^[A-Za-z0-9\-._~!$&'()*+,;=:@[\]]*$/;
const ENCODED_SEPARATOR = /%(?:2f|5c)/i;
const ENCODED_PERCENT = /%25/;

/**
 * The raw path of a request target, before `?`: origin-form as it is; absolute-form after its
 * authority, which ends at the first `/`, `?` or `#` (an empty path is `/`).
 */
function rawPathOf(target: string): string | Refused {
  if (target.charCodeAt(0) === SLASH) {
    const query = target.indexOf('?');
    return query === -1 ? target : target.slice(0, query);
  }
  const scheme = ABSOLUTE_FORM.exec(target);
  if (scheme === null) return refused('not-a-path');
  const start = scheme[0].length;
  let end = start;
  while (end < target.length) {
    const c = target.charCodeAt(end);
    if (c === SLASH || c === QUERY || c === HASH) break;
    end++;
  }
  if (!PLAIN_AUTHORITY.test(target.slice(start, end))) return refused('authority');
  const query = target.indexOf('?', end);
  const path = query === -1 ? target.slice(end) : target.slice(end, query);
  return path === '' ? '/' : path;
}

/** Quick look: a path of printable ASCII with no `%`, `\`, `#`, `//` or `/.` reads one way only. */
function isPlain(path: string): boolean {
  let previous = 0;
  for (let i = 0; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f || c === PERCENT || c === BACKSLASH || c === HASH) return false;
    if (previous === SLASH && (c === SLASH || c === DOT)) return false;
    previous = c;
  }
  return true;
}

/** Controls (C0, DEL, U+2028/2029), lone surrogates and case-folding characters in decoded text. */
function charAmbiguity(text: string): PathAmbiguity | undefined {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x20 || c === 0x7f || c === 0x2028 || c === 0x2029) return 'control-character';
    if (c < 0x80) continue;
    let codePoint = c;
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = text.charCodeAt(i + 1);
      if (c > 0xdbff || !(next >= 0xdc00 && next <= 0xdfff)) return 'invalid-encoding';
      codePoint = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000;
      i++;
    }
    if (foldsToAscii(codePoint)) return 'case-folding';
  }
  return undefined;
}

/** One segment (between two `/`), decoded; or why it cannot be. */
function decodeSegment(segment: string): string | Refused {
  let decoded = segment;
  if (segment.includes('%')) {
    if (ENCODED_SEPARATOR.test(segment)) return refused('encoded-separator');
    if (ENCODED_PERCENT.test(segment)) return refused('double-encoding');
    try {
      decoded = decodeURIComponent(segment); // throws on bad %-escapes and on bytes that are not UTF-8
    } catch {
      return refused('invalid-encoding');
    }
  }
  if (decoded === '.' || decoded === '..') return refused('dot-segment');
  const ambiguity = charAmbiguity(decoded);
  return ambiguity === undefined ? decoded : refused(ambiguity);
}

function decodeSlowly(path: string, decode: boolean): string | Refused {
  if (path.includes('\\')) return refused('backslash');
  if (path.includes('#')) return refused('fragment');
  const segments = path.split('/');
  // segments[0] is the empty string before the leading `/`; the last may be empty (a trailing `/`).
  for (let i = 1; i < segments.length; i++) {
    const segment = segments[i]!;
    if (segment === '' && i < segments.length - 1) return refused('empty-segment');
    const decoded = decodeSegment(segment);
    if (typeof decoded !== 'string') return decoded;
    segments[i] = decoded;
  }
  return decode ? segments.join('/') : path;
}

/**
 * The one reading of a request target's path: percent-decoded, query dropped, trailing `/` kept;
 * or the reason it has more than one (SPEC §7.1). With `decode` false the raw path is returned,
 * for callers that only ask whether the path is ambiguous.
 */
export function readPath(target: string, decode = true): string | Refused {
  const path = rawPathOf(target);
  if (typeof path !== 'string') return path;
  if (path.charCodeAt(0) !== SLASH) return refused(path.charCodeAt(0) === HASH ? 'fragment' : 'not-a-path');
  return isPlain(path) ? path : decodeSlowly(path, decode);
}

/** The reason a request target's path has two readings, or undefined when it has one. */
export function findPathAmbiguity(target: string): PathAmbiguity | undefined {
  const reading = readPath(target, false);
  return typeof reading === 'string' ? undefined : reading.ambiguity;
}
