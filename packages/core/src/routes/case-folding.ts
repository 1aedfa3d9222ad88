/**
 * Characters outside ASCII whose case mapping yields ASCII (U+212A KELVIN SIGN → `k`, U+017F LONG S
 * → `S`, U+0130 → `i̇`, `ß` → `SS`, `ﬁ` → `FI`, …). A case-insensitive router may fold them to the
 * ASCII letter while a matcher does not, or the other way round, so a path holding one has two
 * readings (SPEC §7.1). The set is computed from the runtime's own case mapping, not hand-picked.
 */

const UNKNOWN = 0;
const STAYS_OUTSIDE_ASCII = 1;
const FOLDS_TO_ASCII = 2;

// One byte per code point, filled in on first sight: bounded (1.1 MB) whatever an attacker sends,
// and allocated only once a path holds a character outside ASCII.
let verdicts: Uint8Array | undefined;

function hasAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) < 0x80) return true;
  return false;
}

function computeFoldsToAscii(codePoint: number): boolean {
  const char = String.fromCodePoint(codePoint);
  const lower = char.toLowerCase();
  const upper = char.toUpperCase();
  return hasAscii(lower) || hasAscii(upper) || hasAscii(upper.toLowerCase()) || hasAscii(lower.toUpperCase());
}

/** True for a code point above 0x7F whose lower, upper or round-trip case mapping holds ASCII. */
export function foldsToAscii(codePoint: number): boolean {
  if (codePoint < 0x80) return false;
  verdicts ??= new Uint8Array(0x110000);
  let verdict = verdicts[codePoint]!;
  if (verdict === UNKNOWN) {
    verdict = computeFoldsToAscii(codePoint) ? FOLDS_TO_ASCII : STAYS_OUTSIDE_ASCII;
    verdicts[codePoint] = verdict;
  }
  return verdict === FOLDS_TO_ASCII;
}
