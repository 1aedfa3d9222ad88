import { flag, metadata, numberOrNull, numberOrZero, stringOrNull, text } from './json-fields.js';
import type { Organization, OrganizationFields } from './types.js';

// Clerk's `raw` getter, on the prototype as on its class (not enumerable).
const ORGANIZATION_PROTOTYPE: object = Object.defineProperties(
  {},
  {
    raw: {
      get(this: OrganizationFields): Record<string, unknown> {
        return this._raw;
      },
    },
  },
);

/** Clerk's organization JSON (snake_case) to an Organization, as `Organization.fromJSON` builds it. */
export function mapOrganization(json: Record<string, unknown>): Organization {
  const fields: OrganizationFields = {
    id: text(json.id),
    name: text(json.name),
    slug: stringOrNull(json.slug),
    imageUrl: text(json.image_url),
    hasImage: flag(json.has_image),
    createdAt: numberOrZero(json.created_at),
    updatedAt: numberOrZero(json.updated_at),
    publicMetadata: metadata(json.public_metadata),
    privateMetadata: metadata(json.private_metadata),
    maxAllowedMemberships: numberOrZero(json.max_allowed_memberships),
    adminDeleteEnabled: flag(json.admin_delete_enabled),
    membersCount: numberOrNull(json.members_count),
    createdBy: stringOrNull(json.created_by),
    _raw: json,
  };
  return Object.assign(Object.create(ORGANIZATION_PROTOTYPE) as Organization, fields);
}
