import { metadata, numberOrNull, records, stringOrNull, verification } from './json-fields.js';
import type { EmailAddress, PhoneNumber, User } from './types.js';

/** Clerk's user JSON (snake_case) to a User; `raw` is the whole JSON object as received. */
export function mapUser(json: Record<string, unknown>): User {
  return {
    id: String(json.id),
    firstName: stringOrNull(json.first_name),
    lastName: stringOrNull(json.last_name),
    username: stringOrNull(json.username),
    imageUrl: stringOrNull(json.image_url),
    primaryEmailAddressId: stringOrNull(json.primary_email_address_id),
    emailAddresses: records(json.email_addresses).map(
      (address): EmailAddress => ({
        id: String(address.id),
        emailAddress: String(address.email_address ?? ''),
        verification: verification(address.verification),
      }),
    ),
    phoneNumbers: records(json.phone_numbers).map(
      (phone): PhoneNumber => ({
        id: String(phone.id),
        phoneNumber: String(phone.phone_number ?? ''),
        verification: verification(phone.verification),
      }),
    ),
    publicMetadata: metadata(json.public_metadata),
    privateMetadata: metadata(json.private_metadata),
    unsafeMetadata: metadata(json.unsafe_metadata),
    banned: json.banned === true,
    locked: json.locked === true,
    lastSignInAt: numberOrNull(json.last_sign_in_at),
    createdAt: numberOrNull(json.created_at) ?? 0,
    updatedAt: numberOrNull(json.updated_at) ?? 0,
    raw: json,
  };
}
