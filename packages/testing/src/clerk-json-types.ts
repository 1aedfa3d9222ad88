// Shapes of Clerk's Backend API JSON (snake_case, as on the wire), every field of @clerk/backend's
// UserJSON / OrganizationJSON and the resources nested in them.

export interface ClerkVerificationJson {
  status: string;
  strategy: string;
  attempts: number | null;
  expire_at: number | null;
  external_verification_redirect_url?: string | null;
  nonce?: string | null;
  message?: string | null;
}

export interface ClerkIdentificationLinkJson {
  type: string;
  id: string;
}

export interface ClerkEmailAddressJson {
  id: string;
  object: 'email_address';
  email_address: string;
  verification: ClerkVerificationJson | null;
  linked_to: ClerkIdentificationLinkJson[];
}

export interface ClerkPhoneNumberJson {
  id: string;
  object: 'phone_number';
  phone_number: string;
  reserved_for_second_factor: boolean;
  default_second_factor: boolean;
  reserved: boolean;
  verification: ClerkVerificationJson | null;
  linked_to: ClerkIdentificationLinkJson[];
  backup_codes: string[] | null;
}

export interface ClerkWeb3WalletJson {
  id: string;
  object: 'web3_wallet';
  web3_wallet: string;
  verification: ClerkVerificationJson | null;
}

export interface ClerkExternalAccountJson {
  id: string;
  object: 'external_account';
  external_account_id?: string;
  provider: string;
  identification_id: string;
  provider_user_id: string;
  approved_scopes: string;
  email_address: string;
  first_name: string;
  last_name: string;
  image_url?: string;
  username: string | null;
  phone_number: string | null;
  public_metadata?: Record<string, unknown> | null;
  label: string | null;
  verification: ClerkVerificationJson | null;
}

export interface ClerkEnterpriseConnectionJson {
  id: string;
  object?: 'enterprise_connection';
  active: boolean;
  allow_idp_initiated: boolean;
  allow_subdomains: boolean;
  disable_additional_identifications: boolean;
  domain: string;
  logo_public_url: string | null;
  name: string;
  protocol: string;
  provider: string;
  sync_user_attributes: boolean;
  created_at: number;
  updated_at: number;
}

export interface ClerkEnterpriseAccountJson {
  id: string;
  object: 'enterprise_account';
  active: boolean;
  email_address: string;
  enterprise_connection: ClerkEnterpriseConnectionJson | null;
  first_name: string | null;
  last_name: string | null;
  protocol: string;
  provider: string;
  provider_user_id: string | null;
  public_metadata: Record<string, unknown>;
  verification: ClerkVerificationJson | null;
  last_authenticated_at: number | null;
  enterprise_connection_id: string | null;
}

export interface ClerkUserJson {
  object: 'user';
  id: string;
  external_id: string | null;
  first_name: string | null;
  last_name: string | null;
  username: string | null;
  image_url: string;
  has_image: boolean;
  primary_email_address_id: string | null;
  primary_phone_number_id: string | null;
  primary_web3_wallet_id: string | null;
  password_enabled: boolean;
  two_factor_enabled: boolean;
  totp_enabled: boolean;
  backup_code_enabled: boolean;
  email_addresses: ClerkEmailAddressJson[];
  phone_numbers: ClerkPhoneNumberJson[];
  web3_wallets: ClerkWeb3WalletJson[];
  /** The issuer keeps no memberships: null. */
  organization_memberships: Record<string, unknown>[] | null;
  external_accounts: ClerkExternalAccountJson[];
  enterprise_accounts: ClerkEnterpriseAccountJson[];
  password_last_updated_at: number | null;
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown>;
  unsafe_metadata: Record<string, unknown>;
  banned: boolean;
  locked: boolean;
  deprovisioned: boolean;
  lockout_expires_in_seconds: number | null;
  verification_attempts_remaining: number | null;
  last_sign_in_at: number | null;
  last_active_at: number | null;
  create_organization_enabled: boolean;
  create_organizations_limit: number | null;
  delete_self_enabled: boolean;
  legal_accepted_at: number | null;
  locale: string | null;
  timezone: string | null;
  created_at: number;
  updated_at: number;
}

export interface ClerkOrganizationJson {
  object: 'organization';
  id: string;
  name: string;
  slug: string | null;
  image_url: string;
  has_image: boolean;
  members_count: number;
  pending_invitations_count: number;
  max_allowed_memberships: number;
  admin_delete_enabled: boolean;
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown>;
  created_by: string | null;
  last_active_at?: number;
  missing_member_with_elevated_permissions?: boolean;
  role_set_key: string | null;
  created_at: number;
  updated_at: number;
}
