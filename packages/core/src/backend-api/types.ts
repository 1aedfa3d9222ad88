// Clerk's Backend API resources, with the fields, names and values of @clerk/backend's classes of
// the same names. A field missing from the JSON reads as null (nullable fields), '', false, [] or {}
// where Clerk's object would hold undefined.

export interface Verification {
  status: string;
  strategy: string;
  externalVerificationRedirectURL: URL | null;
  attempts: number | null;
  expireAt: number | null;
  nonce: string | null;
  message: string | null;
}

export interface IdentificationLink {
  id: string;
  type: string;
}

export interface EmailAddress {
  id: string;
  emailAddress: string;
  verification: Verification | null;
  linkedTo: IdentificationLink[];
}

export interface PhoneNumber {
  id: string;
  phoneNumber: string;
  reservedForSecondFactor: boolean;
  defaultSecondFactor: boolean;
  verification: Verification | null;
  linkedTo: IdentificationLink[];
}

export interface Web3Wallet {
  id: string;
  web3Wallet: string;
  verification: Verification | null;
}

export interface ExternalAccount {
  id: string;
  provider: string;
  providerUserId: string;
  identificationId: string;
  /** Clerk's SDK fills it from `provider_user_id`; so do we. */
  externalId: string;
  approvedScopes: string;
  emailAddress: string;
  firstName: string;
  lastName: string;
  imageUrl: string;
  username: string | null;
  phoneNumber: string | null;
  publicMetadata: Record<string, unknown>;
  label: string | null;
  verification: Verification | null;
  externalAccountId: string | undefined;
}

export interface EnterpriseAccountConnection {
  id: string;
  active: boolean;
  allowIdpInitiated: boolean;
  allowSubdomains: boolean;
  disableAdditionalIdentifications: boolean;
  domain: string;
  logoPublicUrl: string | null;
  name: string;
  protocol: string;
  provider: string;
  syncUserAttributes: boolean;
  createdAt: number;
  updatedAt: number;
}

export interface EnterpriseAccount {
  id: string;
  active: boolean;
  emailAddress: string;
  enterpriseConnection: EnterpriseAccountConnection | null;
  firstName: string | null;
  lastName: string | null;
  protocol: string;
  provider: string;
  providerUserId: string | null;
  publicMetadata: Record<string, unknown>;
  verification: Verification | null;
  lastAuthenticatedAt: number | null;
  enterpriseConnectionId: string | null;
}

/** The data fields of a User; `_raw` is the JSON object as received (snake_case). */
export interface UserFields {
  id: string;
  passwordEnabled: boolean;
  totpEnabled: boolean;
  backupCodeEnabled: boolean;
  twoFactorEnabled: boolean;
  banned: boolean;
  locked: boolean;
  createdAt: number;
  updatedAt: number;
  imageUrl: string;
  hasImage: boolean;
  primaryEmailAddressId: string | null;
  primaryPhoneNumberId: string | null;
  primaryWeb3WalletId: string | null;
  lastSignInAt: number | null;
  externalId: string | null;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  publicMetadata: Record<string, unknown>;
  privateMetadata: Record<string, unknown>;
  unsafeMetadata: Record<string, unknown>;
  emailAddresses: EmailAddress[];
  phoneNumbers: PhoneNumber[];
  web3Wallets: Web3Wallet[];
  externalAccounts: ExternalAccount[];
  enterpriseAccounts: EnterpriseAccount[];
  lastActiveAt: number | null;
  createOrganizationEnabled: boolean;
  createOrganizationsLimit: number | null;
  deleteSelfEnabled: boolean;
  legalAcceptedAt: number | null;
  locale: string | null;
  timezone: string | null;
  deprovisioned: boolean;
  _raw: Record<string, unknown>;
}

/** A user from the Backend API: Clerk's `User`, its getters included. */
export interface User extends UserFields {
  /** The same object as `_raw` (Clerk's getter of that name). */
  readonly raw: Record<string, unknown>;
  readonly primaryEmailAddress: EmailAddress | null;
  readonly primaryPhoneNumber: PhoneNumber | null;
  readonly primaryWeb3Wallet: Web3Wallet | null;
  /** First and last name joined by a space, null when both are empty. */
  readonly fullName: string | null;
}

/** The data fields of an Organization; `_raw` is the JSON object as received (snake_case). */
export interface OrganizationFields {
  id: string;
  name: string;
  slug: string | null;
  imageUrl: string;
  hasImage: boolean;
  createdAt: number;
  updatedAt: number;
  publicMetadata: Record<string, unknown>;
  privateMetadata: Record<string, unknown>;
  maxAllowedMemberships: number;
  adminDeleteEnabled: boolean;
  membersCount: number | null;
  createdBy: string | null;
  _raw: Record<string, unknown>;
}

/** An organization from the Backend API: Clerk's `Organization`. */
export interface Organization extends OrganizationFields {
  /** The same object as `_raw` (Clerk's getter of that name). */
  readonly raw: Record<string, unknown>;
}

/** What the auth object needs from the Backend API: null for a 404, a rejection for other failures. */
export interface Lookups {
  findUser(userId: string): Promise<User | null>;
  findOrganization(idOrSlug: string): Promise<Organization | null>;
}
