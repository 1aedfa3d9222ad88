import type {
  ClerkEmailAddressJson,
  ClerkOrganizationJson,
  ClerkUserJson,
  ClerkVerificationJson,
} from './clerk-json-types.js';
import { randomId } from './random.js';

const DEFAULT_IMAGE_URL = 'https://img.clerk.com/default-avatar';

/** A finished verification as Clerk's API sends it (every field, `null` where it has no value). */
export function verifiedJson(strategy: string): ClerkVerificationJson {
  return {
    status: 'verified',
    strategy,
    attempts: null,
    expire_at: null,
    external_verification_redirect_url: null,
    nonce: null,
    message: null,
  };
}

/** A verified address `<userId>@example.test`, so lookups return something realistic by default. */
function defaultEmailAddress(userId: string): ClerkEmailAddressJson {
  return {
    id: randomId('idn'),
    object: 'email_address',
    email_address: `${userId.toLowerCase()}@example.test`,
    verification: verifiedJson('email_code'),
    linked_to: [],
  };
}

/** Every field of Clerk's user JSON, with the values a new user with one email address has. */
export function completeUser(user: Partial<ClerkUserJson> & { id: string }): ClerkUserJson {
  const now = Date.now();
  const emailAddresses = user.email_addresses ?? [defaultEmailAddress(user.id)];
  const createdAt = user.created_at ?? now;
  return {
    external_id: null,
    first_name: null,
    last_name: null,
    username: null,
    image_url: DEFAULT_IMAGE_URL,
    has_image: false,
    primary_email_address_id: emailAddresses[0]?.id ?? null,
    primary_phone_number_id: null,
    primary_web3_wallet_id: null,
    password_enabled: false,
    two_factor_enabled: false,
    totp_enabled: false,
    backup_code_enabled: false,
    phone_numbers: [],
    web3_wallets: [],
    organization_memberships: null,
    external_accounts: [],
    enterprise_accounts: [],
    password_last_updated_at: null,
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    banned: false,
    locked: false,
    deprovisioned: false,
    lockout_expires_in_seconds: null,
    verification_attempts_remaining: null,
    last_sign_in_at: null,
    last_active_at: null,
    create_organization_enabled: true,
    create_organizations_limit: null,
    delete_self_enabled: true,
    legal_accepted_at: null,
    locale: null,
    timezone: null,
    updated_at: createdAt,
    ...user,
    object: 'user',
    email_addresses: emailAddresses,
    created_at: createdAt,
  };
}

/** Every field of Clerk's organization JSON, with the values a new organization has. */
export function completeOrganization(
  org: Partial<ClerkOrganizationJson> & { id: string },
): ClerkOrganizationJson {
  const createdAt = org.created_at ?? Date.now();
  return {
    name: org.slug ?? org.id,
    slug: null,
    image_url: DEFAULT_IMAGE_URL,
    has_image: false,
    members_count: 1,
    pending_invitations_count: 0,
    max_allowed_memberships: 5,
    admin_delete_enabled: true,
    public_metadata: {},
    private_metadata: {},
    created_by: null,
    role_set_key: null,
    updated_at: createdAt,
    ...org,
    object: 'organization',
    created_at: createdAt,
  };
}
