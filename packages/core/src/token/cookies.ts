// A comma never occurs in a cookie value (RFC 6265 cookie-octet), but it is how fetch-style Headers
// join two Cookie headers (Node joins them with "; "): both count as a pair boundary, so the two
// request forms read the same cookies.
function isPairBoundary(char: string | undefined): boolean {
  return char === ';' || char === ',';
}

function pairEnd(header: string, from: number): number {
  for (let i = from; i < header.length; i++) if (isPairBoundary(header[i])) return i;
  return header.length;
}

/** Every value sent for cookie `name` (a client may send one name twice). Values are unquoted and decoded. */
export function cookieValues(header: string, name: string): string[] {
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
