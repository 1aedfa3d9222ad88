export type ReverificationLevel = 'first_factor' | 'second_factor' | 'multi_factor';
export type ReverificationPreset = 'strict_mfa' | 'strict' | 'moderate' | 'lax';

export interface ReverificationConfig {
  level: ReverificationLevel;
  /** A factor is fresh when it was verified less than this many minutes ago. */
  afterMinutes: number;
}

/** Clerk's step-up presets. */
export const reverificationPresets: Readonly<Record<ReverificationPreset, Readonly<ReverificationConfig>>> =
  Object.freeze({
    strict_mfa: Object.freeze({ afterMinutes: 10, level: 'multi_factor' }),
    strict: Object.freeze({ afterMinutes: 10, level: 'second_factor' }),
    moderate: Object.freeze({ afterMinutes: 60, level: 'second_factor' }),
    lax: Object.freeze({ afterMinutes: 1_440, level: 'second_factor' }),
  });

const LEVELS: ReadonlySet<string> = new Set(['first_factor', 'second_factor', 'multi_factor']);

/** A preset name or a custom config → a valid config, or undefined for anything malformed. */
export function resolveReverification(
  preset: ReverificationPreset | ReverificationConfig | undefined,
): ReverificationConfig | undefined {
  if (preset === undefined) return reverificationPresets.strict;
  if (typeof preset === 'string') {
    return Object.hasOwn(reverificationPresets, preset) ? reverificationPresets[preset] : undefined;
  }
  if (typeof preset !== 'object' || preset === null) return undefined;
  const { level, afterMinutes } = preset;
  if (typeof level !== 'string' || !LEVELS.has(level)) return undefined;
  if (typeof afterMinutes !== 'number' || !Number.isFinite(afterMinutes) || afterMinutes <= 0)
    return undefined;
  return { level, afterMinutes };
}

/** `fva` must be two whole numbers, each -1 (not set up) or an age in minutes. */
function validAges(fva: unknown): [number, number] | undefined {
  if (!Array.isArray(fva) || fva.length !== 2) return undefined;
  const [first, second] = fva as unknown[];
  const ok = (age: unknown): age is number => Number.isInteger(age) && (age as number) >= -1;
  return ok(first) && ok(second) ? [first, second] : undefined;
}

/**
 * True when factor ages `fva` satisfy the preset or config (SPEC §5; default `strict`).
 * Fails closed on anything malformed.
 */
export function isReverified(fva: unknown, preset?: ReverificationPreset | ReverificationConfig): boolean {
  const config = resolveReverification(preset);
  if (config === undefined) return false;
  const ages = validAges(fva);
  if (ages === undefined) return false;
  const [first, second] = ages;
  if (first === -1 && second === -1) return false;
  const fresh = (age: number): boolean => age !== -1 && config.afterMinutes > age;

  switch (config.level) {
    case 'first_factor':
      return fresh(first);
    case 'second_factor':
      if (second === -1) return fresh(first);
      if (first === -1) return fresh(second);
      return fresh(second);
    case 'multi_factor':
      if (second === -1) return fresh(first);
      if (first === -1) return false;
      return fresh(first) && fresh(second);
  }
}
