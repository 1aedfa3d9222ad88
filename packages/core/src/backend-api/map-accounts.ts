// The resources nested in Clerk's user JSON (addresses, wallets, accounts), as @clerk/backend maps them.
import { isRecord } from './error-body.js';
import {
  flag,
  metadata,
  numberOrNull,
  numberOrZero,
  records,
  stringOrNull,
  text,
  urlOrNull,
} from './json-fields.js';
import type {
  EmailAddress,
  EnterpriseAccount,
  EnterpriseAccountConnection,
  ExternalAccount,
  IdentificationLink,
  PhoneNumber,
  Verification,
  Web3Wallet,
} from './types.js';

type Json = Record<string, unknown>;

export function mapVerification(value: unknown): Verification | null {
  if (!isRecord(value)) return null;
  return {
    status: text(value.status),
    strategy: text(value.strategy),
    externalVerificationRedirectURL: urlOrNull(value.external_verification_redirect_url),
    attempts: numberOrNull(value.attempts),
    expireAt: numberOrNull(value.expire_at),
    nonce: stringOrNull(value.nonce),
    message: stringOrNull(value.message),
  };
}

function linkedTo(value: unknown): IdentificationLink[] {
  return records(value).map((link) => ({ id: text(link.id), type: text(link.type) }));
}

export function mapEmailAddress(json: Json): EmailAddress {
  return {
    id: text(json.id),
    emailAddress: text(json.email_address),
    verification: mapVerification(json.verification),
    linkedTo: linkedTo(json.linked_to),
  };
}

export function mapPhoneNumber(json: Json): PhoneNumber {
  return {
    id: text(json.id),
    phoneNumber: text(json.phone_number),
    reservedForSecondFactor: flag(json.reserved_for_second_factor),
    defaultSecondFactor: flag(json.default_second_factor),
    verification: mapVerification(json.verification),
    linkedTo: linkedTo(json.linked_to),
  };
}

export function mapWeb3Wallet(json: Json): Web3Wallet {
  return {
    id: text(json.id),
    web3Wallet: text(json.web3_wallet),
    verification: mapVerification(json.verification),
  };
}

export function mapExternalAccount(json: Json): ExternalAccount {
  return {
    id: text(json.id),
    provider: text(json.provider),
    providerUserId: text(json.provider_user_id),
    identificationId: text(json.identification_id),
    externalId: text(json.provider_user_id),
    approvedScopes: text(json.approved_scopes),
    emailAddress: text(json.email_address),
    firstName: text(json.first_name),
    lastName: text(json.last_name),
    imageUrl: text(json.image_url),
    username: stringOrNull(json.username),
    phoneNumber: stringOrNull(json.phone_number),
    publicMetadata: metadata(json.public_metadata),
    label: stringOrNull(json.label),
    verification: mapVerification(json.verification),
    externalAccountId: typeof json.external_account_id === 'string' ? json.external_account_id : undefined,
  };
}

function mapEnterpriseConnection(value: unknown): EnterpriseAccountConnection | null {
  if (!isRecord(value)) return null;
  return {
    id: text(value.id),
    active: flag(value.active),
    allowIdpInitiated: flag(value.allow_idp_initiated),
    allowSubdomains: flag(value.allow_subdomains),
    disableAdditionalIdentifications: flag(value.disable_additional_identifications),
    domain: text(value.domain),
    logoPublicUrl: stringOrNull(value.logo_public_url),
    name: text(value.name),
    protocol: text(value.protocol),
    provider: text(value.provider),
    syncUserAttributes: flag(value.sync_user_attributes),
    createdAt: numberOrZero(value.created_at),
    updatedAt: numberOrZero(value.updated_at),
  };
}

export function mapEnterpriseAccount(json: Json): EnterpriseAccount {
  return {
    id: text(json.id),
    active: flag(json.active),
    emailAddress: text(json.email_address),
    enterpriseConnection: mapEnterpriseConnection(json.enterprise_connection),
    firstName: stringOrNull(json.first_name),
    lastName: stringOrNull(json.last_name),
    protocol: text(json.protocol),
    provider: text(json.provider),
    providerUserId: stringOrNull(json.provider_user_id),
    publicMetadata: metadata(json.public_metadata),
    verification: mapVerification(json.verification),
    lastAuthenticatedAt: numberOrNull(json.last_authenticated_at),
    enterpriseConnectionId: stringOrNull(json.enterprise_connection_id),
  };
}
