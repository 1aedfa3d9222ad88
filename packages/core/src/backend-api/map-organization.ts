import { metadata, numberOrNull, stringOrNull } from './json-fields.js';
import type { Organization } from './types.js';

/** Clerk's organization JSON (snake_case) to an Organization; `raw` is the whole JSON object. */
export function mapOrganization(json: Record<string, unknown>): Organization {
  return {
    id: String(json.id),
    name: typeof json.name === 'string' ? json.name : '',
    slug: stringOrNull(json.slug),
    imageUrl: stringOrNull(json.image_url),
    membersCount: numberOrNull(json.members_count),
    publicMetadata: metadata(json.public_metadata),
    privateMetadata: metadata(json.private_metadata),
    createdAt: numberOrNull(json.created_at) ?? 0,
    updatedAt: numberOrNull(json.updated_at) ?? 0,
    raw: json,
  };
}
