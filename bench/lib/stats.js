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

export function fmtRatio(r) {
  return Number.isFinite(r) ? `${r.toFixed(2)}×` : '–';
}
