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
    let value = header.slice(from, pairEnd(header, from)).trim();
    if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    if (value.includes('%')) {
      try {
        value = decodeURIComponent(value);
      } catch {
        // Left as sent; it will fail JWT decoding with a clear reason.
      }
    }
    values.push(value);
  }
}
