import { BackendApiError } from '../errors.js';

/** Clerk's `organizations.getOrganization` argument: one of the id or the slug, never both. */
export type GetOrganizationParams = ({ organizationId: string } | { slug: string }) & {
  /** Ask Clerk for `members_count` (a separate request and cache entry from the plain lookup). */
  includeMembersCount?: boolean;
};

/** What a lookup of one organization sends: the id or slug, and whether members are counted. */
export interface OrganizationTarget {
  idOrSlug: unknown;
  includeMembersCount: boolean;
}

/**
 * Our string form (an id or a slug) or Clerk's object form. An object naming both an id and a slug
 * has two readings (Clerk takes the id), so it is refused, as is one naming neither; the id itself
 * is checked by pathSegmentForId.
 */
export function organizationTarget(params: string | GetOrganizationParams): OrganizationTarget {
  if (typeof params !== 'object' || params === null) return { idOrSlug: params, includeMembersCount: false };
  const hasId = 'organizationId' in params && params.organizationId !== undefined;
  const hasSlug = 'slug' in params && params.slug !== undefined;
  if (hasId === hasSlug) {
    throw invalidParams(
      hasId
        ? 'it names both organizationId and slug; give one of them'
        : 'it names neither organizationId nor slug',
    );
  }
  const { includeMembersCount = false } = params;
  if (typeof includeMembersCount !== 'boolean') throw invalidParams('includeMembersCount must be a boolean');
  return {
    idOrSlug: hasId
      ? (params as { organizationId: unknown }).organizationId
      : (params as { slug: unknown }).slug,
    includeMembersCount,
  };
}

function invalidParams(problem: string): BackendApiError {
  const message = `Invalid getOrganization argument: ${problem}. No request was made.`;
  return new BackendApiError(message, {
    status: 400,
    code: 'invalid_id',
    errors: [{ code: 'invalid_id', message: 'invalid getOrganization argument', longMessage: message }],
  });
}
