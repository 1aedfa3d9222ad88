/**
 * How `has()` reads one dimension's argument (SPEC §5, Clerk): `''` and a bare scope prefix
 * (`'org:'`, `'u:'`) name nothing, so such a dimension is not asked. Shared by the session's and
 * the machine's `has()`.
 */
export function namesNothing(value: string): boolean {
  return value.length === 0 || value.indexOf(':') === value.length - 1;
}
