import { flag, metadata, numberOrNull, numberOrZero, records, stringOrNull, text } from './json-fields.js';
import {
  mapEmailAddress,
  mapEnterpriseAccount,
  mapExternalAccount,
  mapPhoneNumber,
  mapWeb3Wallet,
} from './map-accounts.js';
import type { EmailAddress, PhoneNumber, User, UserFields, Web3Wallet } from './types.js';

// Clerk's getters, on the prototype as on its class (not enumerable): spreading or serializing a
// user gives its data fields only.
const USER_PROTOTYPE: object = Object.defineProperties(
  {},
  {
    raw: {
      get(this: UserFields): Record<string, unknown> {
        return this._raw;
      },
    },
    primaryEmailAddress: {
      get(this: UserFields): EmailAddress | null {
        return this.emailAddresses.find(({ id }) => id === this.primaryEmailAddressId) ?? null;
      },
    },
    primaryPhoneNumber: {
      get(this: UserFields): PhoneNumber | null {
        return this.phoneNumbers.find(({ id }) => id === this.primaryPhoneNumberId) ?? null;
      },
    },
    primaryWeb3Wallet: {
      get(this: UserFields): Web3Wallet | null {
        return this.web3Wallets.find(({ id }) => id === this.primaryWeb3WalletId) ?? null;
      },
    },
    fullName: {
      get(this: UserFields): string | null {
        return [this.firstName, this.lastName].join(' ').trim() || null;
      },
    },
  },
);

/** Clerk's user JSON (snake_case) to a User, as `User.fromJSON` of @clerk/backend builds it. */
export function mapUser(json: Record<string, unknown>): User {
  const fields: UserFields = {
    id: text(json.id),
    passwordEnabled: flag(json.password_enabled),
    totpEnabled: flag(json.totp_enabled),
    backupCodeEnabled: flag(json.backup_code_enabled),
    twoFactorEnabled: flag(json.two_factor_enabled),
    banned: flag(json.banned),
    locked: flag(json.locked),
    createdAt: numberOrZero(json.created_at),
    updatedAt: numberOrZero(json.updated_at),
    imageUrl: text(json.image_url),
    hasImage: flag(json.has_image),
    primaryEmailAddressId: stringOrNull(json.primary_email_address_id),
    primaryPhoneNumberId: stringOrNull(json.primary_phone_number_id),
    primaryWeb3WalletId: stringOrNull(json.primary_web3_wallet_id),
    lastSignInAt: numberOrNull(json.last_sign_in_at),
    externalId: stringOrNull(json.external_id),
    username: stringOrNull(json.username),
    firstName: stringOrNull(json.first_name),
    lastName: stringOrNull(json.last_name),
    publicMetadata: metadata(json.public_metadata),
    privateMetadata: metadata(json.private_metadata),
    unsafeMetadata: metadata(json.unsafe_metadata),
    emailAddresses: records(json.email_addresses).map(mapEmailAddress),
    phoneNumbers: records(json.phone_numbers).map(mapPhoneNumber),
    web3Wallets: records(json.web3_wallets).map(mapWeb3Wallet),
    externalAccounts: records(json.external_accounts).map(mapExternalAccount),
    enterpriseAccounts: records(json.enterprise_accounts).map(mapEnterpriseAccount),
    lastActiveAt: numberOrNull(json.last_active_at),
    createOrganizationEnabled: flag(json.create_organization_enabled),
    createOrganizationsLimit: numberOrNull(json.create_organizations_limit),
    deleteSelfEnabled: flag(json.delete_self_enabled),
    legalAcceptedAt: numberOrNull(json.legal_accepted_at),
    locale: stringOrNull(json.locale),
    timezone: stringOrNull(json.timezone),
    deprovisioned: flag(json.deprovisioned),
    _raw: json,
  };
  // The prototype supplies the getters User adds to UserFields.
  return Object.assign(Object.create(USER_PROTOTYPE) as User, fields);
}
