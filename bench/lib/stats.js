export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(values) {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values), values };
}

export function fmtInt(n) {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtNum(n, digits = 1) {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** `median (min–max)` */
export function fmtSpread(s, fmt = fmtInt) {
  return `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`;
}

export function ratio(a, b) {
  return b > 0 ? a / b : Number.NaN;
}

/**
 * The median of the round-by-round ratios of two summaries (their `values` are in round order).
 * Within a round the cases take turns, so each round's pair saw the same machine; the machine's speed
 * can change between rounds, and a ratio of the two medians could then divide figures from different
 * rounds.
 */
export function pairedRatio(a, b) {
  return paired((x, y) => ratio(x, y), a, b);
}

/** The median of the round-by-round differences `a - b`, for the same reason as pairedRatio. */
export function pairedDifference(a, b) {
  return paired((x, y) => x - y, a, b);
}

/**
 * The median of the round-by-round fractions `(part - partBase) / (whole - wholeBase)`: what one
 * layer costs over a bare app as a share of what another costs over its bare app, paired as
 * pairedRatio.
 */
export function pairedFraction(part, partBase, whole, wholeBase) {
  return paired((p, pb, w, wb) => ratio(p - pb, w - wb), part, partBase, whole, wholeBase);
}

function paired(combine, ...summaries) {
  return pairedRounds(combine, ...summaries)?.median ?? Number.NaN;
}

/**
 * `combine` applied to each round's values of the summaries (their `values` are in round order),
 * summarized: the median and the min–max spread of the round-by-round results. Undefined unless
 * every summary ran the same rounds.
 */
export function pairedRounds(combine, ...summaries) {
  const rounds = summaries[0]?.values.length;
  if (!rounds || summaries.some((s) => !s || s.values.length !== rounds)) return undefined;
  return summarize(
    Array.from({ length: rounds }, (_, round) => combine(...summaries.map((s) => s.values[round]))),
  );
}

export function fmtRatio(r) {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '–';
}
