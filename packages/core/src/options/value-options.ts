// Parsers of plain option values: strings, booleans, numbers, lists. Each throws ConfigurationError
// naming the option; none echoes a string's content (it may be a key).

import { invalidOption, kindOf } from './option-errors.js';
import type { TokenCacheOptions } from './types.js';

/** A string option, else its env variable; blank counts as unset. Keys are never echoed. */
export function stringOption(name: string, value: unknown, envValue?: string): string | undefined {
  if (value !== undefined && typeof value !== 'string') throw invalidOption(name, 'a string', kindOf(value));
  const trimmed = (value ?? envValue)?.trim();
  return trimmed ? trimmed : undefined;
}

export function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidOption(name, 'true or false', kindOf(value));
  return value;
}

export function commaList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
}

/** A list of strings, or one string read as a comma list; empty entries are dropped. */
function stringList(name: string, value: unknown, expected: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return commaList(value);
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw invalidOption(name, expected, kindOf(value));
  }
  return value.filter((item) => item.length > 0);
}

/** `''`, `[]` and a list of only empty strings leave the audience unset (Clerk). */
export function audienceList(value: unknown): readonly string[] | undefined {
  const list = stringList(
    'audience',
    typeof value === 'string' ? [value] : value,
    'a string or a list of strings',
  );
  return list === undefined || list.length === 0 ? undefined : Object.freeze(list);
}

interface NumberRule {
  /** Zero is refused (a timeout of 0 can never succeed). */
  positive?: boolean;
  integer?: boolean;
  unit?: string;
}

/** Every number option: finite and not negative (SPEC §2.1), with the option's own extra rule. */
export function numberOption(name: string, value: unknown, fallback: number, rule: NumberRule = {}): number {
  if (value === undefined) return fallback;
  if (
    typeof value !== 'number' ||
    !Number.isFinite(value) ||
    value < 0 ||
    (rule.positive === true && value === 0) ||
    (rule.integer === true && !Number.isInteger(value))
  ) {
    const kind = `${rule.positive ? 'positive' : 'non-negative'} finite ${rule.integer ? 'integer' : 'number'}`;
    throw invalidOption(name, `a ${kind}${rule.unit ? ` of ${rule.unit}` : ''}`, kindOf(value));
  }
  return value;
}

export const MS = { unit: 'milliseconds' } as const;

export function tokenCacheMax(value: unknown): number {
  if (value === false) return 0;
  if (value === undefined) return 10_000;
  if (typeof value !== 'object' || value === null) {
    throw invalidOption('tokenCache', 'false or { max: <entries> }', kindOf(value));
  }
  return Math.floor(numberOption('tokenCache.max', (value as TokenCacheOptions).max, 10_000));
}
