/** Checks of the `create…` options: a typo in a test must throw, not mint a token nobody expects. */

export function assertPrefixed(option: string, value: unknown, prefixes: readonly string[]): string {
  if (typeof value !== 'string' || !prefixes.some((prefix) => value.startsWith(prefix))) {
    const expected = prefixes.map((prefix) => `'${prefix}…'`).join(' or ');
    throw new TypeError(`${option} must be a string starting with ${expected}`);
  }
  return value;
}

export function assertNonEmptyString(option: string, value: unknown): string {
  if (typeof value !== 'string' || value === '') throw new TypeError(`${option} must be a non-empty string`);
  return value;
}

export function scopesOption(option: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((scope) => typeof scope === 'string' && scope !== '')) {
    throw new TypeError(`${option} must be an array of non-empty strings`);
  }
  return [...value];
}

export function claimsOption(option: string, value: unknown): Record<string, unknown> | null {
  if (value === undefined) return null;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${option} must be a plain object of claims`);
  }
  return { ...(value as Record<string, unknown>) };
}

/** Seconds until expiry; 0 (or less) makes an already expired token, for expiry tests. */
export function expiresInSecondsOption(option: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new TypeError(`${option} must be a finite number of seconds`);
  }
  return value;
}
