import { hasScopedName, type ScopedNames } from './features.js';
import { isReverified, type ReverificationConfig, type ReverificationPreset } from './reverification.js';

export interface HasCheck {
  role?: string;
  permission?: string;
  feature?: string;
  plan?: string;
  reverification?: ReverificationPreset | ReverificationConfig;
}

export interface HasContext {
  orgId: string | null;
  orgRole: string | null;
  orgPermissions: readonly string[] | null;
  features: () => ScopedNames;
  plans: () => ScopedNames;
  fva: unknown;
}

function withOrgPrefix(name: string): string {
  return name.startsWith('org:') ? name : `org:${name}`;
}

/** Clerk's `has()`: at least one dimension asked, and every asked dimension passes. */
export function has(context: HasContext, check: HasCheck | undefined): boolean {
  if (typeof check !== 'object' || check === null) return false;
  let asked = 0;
  if (check.role !== undefined) {
    asked++;
    if (
      typeof check.role !== 'string' ||
      context.orgId === null ||
      context.orgRole !== withOrgPrefix(check.role)
    ) {
      return false;
    }
  }
  if (check.permission !== undefined) {
    asked++;
    if (
      typeof check.permission !== 'string' ||
      context.orgId === null ||
      !context.orgPermissions?.includes(withOrgPrefix(check.permission))
    ) {
      return false;
    }
  }
  if (check.feature !== undefined) {
    asked++;
    if (typeof check.feature !== 'string' || !hasScopedName(context.features(), check.feature)) return false;
  }
  if (check.plan !== undefined) {
    asked++;
    if (typeof check.plan !== 'string' || !hasScopedName(context.plans(), check.plan)) return false;
  }
  if (check.reverification !== undefined) {
    asked++;
    if (!isReverified(context.fva, check.reverification)) return false;
  }
  return asked > 0;
}
