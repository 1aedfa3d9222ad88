import { namesNothing } from '../claims/has-arguments.js';
import { hasScopedName, type ScopedNames } from './features.js';
import { isReverified, type ReverificationConfig, type ReverificationPreset } from './reverification.js';

export interface HasCheck {
  role?: string;
  permission?: string;
  feature?: string;
  plan?: string;
  /** An OAuth scope from the token's `scope` / `scp` claim (issuers other than Clerk). */
  scope?: string;
  reverification?: ReverificationPreset | ReverificationConfig;
}

export interface HasContext {
  orgId: string | null;
  /** The token's role and permissions with one `org:` prefix taken off, so either spelling compares. */
  orgRoleName: string | null;
  orgPermissionNames: () => ReadonlySet<string>;
  features: () => ScopedNames;
  plans: () => ScopedNames;
  scopes: ReadonlySet<string> | null;
  fva: unknown;
}

const ORG_PREFIX = 'org:';

/** Clerk compares roles and permissions with one `org:` prefix on either side: `admin` = `org:admin`. */
export function withoutOrgPrefix(name: string): string {
  return name.startsWith(ORG_PREFIX) ? name.slice(ORG_PREFIX.length) : name;
}

const NOT_ASKED = 0;
const PASS = 1;
const FAIL = 2;
type Verdict = typeof NOT_ASKED | typeof PASS | typeof FAIL;

/** A string dimension: not asked when absent or naming nothing; any other type fails closed. */
function dimension(
  value: unknown,
  passes: (name: string) => boolean,
  isEmpty: (name: string) => boolean = namesNothing,
): Verdict {
  if (value === undefined) return NOT_ASKED;
  if (typeof value !== 'string') return FAIL;
  if (isEmpty(value)) return NOT_ASKED;
  return passes(value) ? PASS : FAIL;
}

// OAuth scopes have no prefix convention: only '' names nothing.
const isEmptyString = (value: string): boolean => value.length === 0;

/** Clerk's `has()`: at least one dimension asked, and every asked dimension passes. */
export function has(context: HasContext, check: HasCheck | undefined): boolean {
  if (typeof check !== 'object' || check === null) return false;
  const { orgId } = context;
  const verdict =
    dimension(check.role, (role) => orgId !== null && context.orgRoleName === withoutOrgPrefix(role)) |
    dimension(
      check.permission,
      (permission) => orgId !== null && context.orgPermissionNames().has(withoutOrgPrefix(permission)),
    ) |
    dimension(check.feature, (feature) => hasScopedName(context.features(), feature)) |
    dimension(check.plan, (plan) => hasScopedName(context.plans(), plan)) |
    dimension(check.scope, (scope) => context.scopes?.has(scope) === true, isEmptyString) |
    (check.reverification === undefined
      ? NOT_ASKED
      : isReverified(context.fva, check.reverification)
        ? PASS
        : FAIL);
  // Bit 1: something was asked and passed; bit 2: something asked failed.
  return verdict === PASS;
}
