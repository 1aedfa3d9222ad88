/** Reads one environment variable; undefined when it is unset. */
export type EnvReader = (name: string) => string | undefined;

/**
 * Never throws (SPEC §2.1): Workers and browsers have no `process`, and Deno without --allow-env
 * refuses the read (NotCapable); either way every variable counts as unset.
 */
export const processEnv: EnvReader = (name) => {
  try {
    const value = (globalThis as { process?: { env?: Record<string, unknown> } }).process?.env?.[name];
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
};
