/** Levenshtein distance, case-insensitive: `roles` is 1 from `role`, `acceptToken` 1 from `acceptsToken`. */
function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const substitution = previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
    }
    previous = current;
  }
  return previous[y.length]!;
}

/** The known name nearest to `name`, when it is near enough to be the one meant (else undefined). */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  // Further than about half the name: a different word, not a slip.
  return bestDistance <= Math.max(2, Math.ceil(name.length / 2)) ? best : undefined;
}

/**
 * The message for the first own key of `options` that `known` lacks (undefined when there is none):
 * it names the key, the nearest known one and the call, so a misspelled guard option is a start-up
 * error instead of an option silently ignored. Callers throw it as their own ConfigurationError.
 */
export function unknownOptionMessage(
  options: object,
  known: readonly string[],
  where: string,
): string | undefined {
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = nearestName(key, known);
    const hint = near === undefined ? '' : ` did you mean \`${near}\`?`;
    return `Unknown option \`${key.slice(0, 60)}\` in ${where};${hint} Known options: ${known.join(', ')}.`;
  }
  return undefined;
}
