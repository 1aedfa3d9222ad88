// Cookie pairs are separated by ";" (RFC 6265). A comma never occurs in a cookie value, but it is
// how fetch-style Headers join two Cookie headers, and other parsers read a pair after it as part of
// the value before: a name reached only after a comma can be read two ways (SPEC §3.2).
function isPairBoundary(char: string | undefined): boolean {
  return char === ';' || char === ',';
}

function pairEnd(header: string, from: number): number {
  for (let i = from; i < header.length; i++) if (isPairBoundary(header[i])) return i;
  return header.length;
}

/** A pair's value as sent, unquoted and decoded. */
function cookieValue(raw: string): string {
  let value = raw.trim();
  if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
  if (value.includes('%')) {
    try {
      value = decodeURIComponent(value);
    } catch {
      // Left as sent; it will fail JWT decoding with a clear reason.
    }
  }
  return value;
}

/** What cookieValues answers when a pair for the name comes only after a comma. */
export const AFTER_COMMA = 'after-comma';

/**
 * Every value sent for cookie `name` (a client may send one name twice), unquoted and decoded; or
 * AFTER_COMMA when one of its pairs is reached only after a comma (`theme=dark,__session=…`).
 */
export function cookieValues(header: string, name: string): string[] | typeof AFTER_COMMA {
  const values: string[] = [];
  const needle = `${name}=`;
  let from = 0;
  for (;;) {
    const at = header.indexOf(needle, from);
    if (at === -1) return values;
    from = at + needle.length;
    // Only at the start of a pair: `x__session=` or `a=__session=` are other cookies.
    let before = at - 1;
    while (before >= 0 && (header[before] === ' ' || header[before] === '\t')) before--;
    if (before >= 0 && !isPairBoundary(header[before])) continue;
    if (before >= 0 && header[before] === ',') return AFTER_COMMA;
    values.push(cookieValue(header.slice(from, pairEnd(header, from))));
  }
}

/**
 * A name scanCookies can match: not empty, and no pair boundary, `=`, space or tab in it. For such
 * names one pass finds exactly the pairs cookieValues finds for each name on its own.
 */
export function isScannableCookieName(name: string): boolean {
  return name.length > 0 && !/[;,= \t]/.test(name);
}

/** Called by scanCookies for each pair of a wanted name, in header order. */
export type CookieVisitor<C> = (context: C, slot: number, value: string, afterComma: boolean) => void;

const COMMA = 44;
const SPACE = 32;
const TAB = 9;

/**
 * One pass over a Cookie header for several names at once: `visit` gets the slot of each pair
 * whose name is in `slots` (every name scannable), its value as cookieValues gives it, and whether
 * the pair is reached only after a comma. Linear in the header: every search moves forward only.
 */
export function scanCookies<C>(
  header: string,
  slots: ReadonlyMap<string, number>,
  longestName: number,
  context: C,
  visit: CookieVisitor<C>,
): void {
  let semicolon = header.indexOf(';');
  let comma = header.indexOf(',');
  let equals = header.indexOf('=');
  let start = 0;
  let afterComma = false;
  for (;;) {
    if (semicolon !== -1 && semicolon < start) semicolon = header.indexOf(';', start);
    if (comma !== -1 && comma < start) comma = header.indexOf(',', start);
    const end =
      semicolon === -1
        ? comma === -1
          ? header.length
          : comma
        : comma === -1 || semicolon < comma
          ? semicolon
          : comma;
    let nameStart = start;
    while (nameStart < end) {
      const char = header.charCodeAt(nameStart);
      if (char !== SPACE && char !== TAB) break;
      nameStart++;
    }
    if (equals !== -1 && equals < nameStart) equals = header.indexOf('=', nameStart);
    if (equals !== -1 && equals < end && equals - nameStart <= longestName) {
      const slot = slots.get(header.slice(nameStart, equals));
      if (slot !== undefined) visit(context, slot, cookieValue(header.slice(equals + 1, end)), afterComma);
    }
    if (end === header.length) return;
    afterComma = header.charCodeAt(end) === COMMA;
    start = end + 1;
  }
}
