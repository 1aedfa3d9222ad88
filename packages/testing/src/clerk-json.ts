import { randomId } from './random.js';

/** Shapes of Clerk's Backend API JSON (snake_case, as on the wire). */
export interface ClerkVerificationJson {
  status: string;
  strategy: string;
}

export interface ClerkEmailAddressJson {
  id: string;
  object: 'email_address';
  email_address: string;
  verification: ClerkVerificationJson | null;
  linked_to: Array<{ type: string; id: string }>;
}

export interface ClerkPhoneNumberJson {
  id: string;
  object: 'phone_number';
  phone_number: string;
  verification: ClerkVerificationJson | null;
  linked_to: Array<{ type: string; id: string }>;
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
  email_addresses: ClerkEmailAddressJson[];
  phone_numbers: ClerkPhoneNumberJson[];
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown>;
  unsafe_metadata: Record<string, unknown>;
  two_factor_enabled: boolean;
  banned: boolean;
  locked: boolean;
  last_sign_in_at: number | null;
  last_active_at: number | null;
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
  max_allowed_memberships: number;
  admin_delete_enabled: boolean;
  public_metadata: Record<string, unknown>;
  private_metadata: Record<string, unknown>;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

const DEFAULT_IMAGE_URL = 'https://img.clerk.com/default-avatar';

/** A verified address `<userId>@example.test`, so lookups return something realistic by default. */
function defaultEmailAddress(userId: string): ClerkEmailAddressJson {
  return {
    id: randomId('idn'),
    object: 'email_address',
    email_address: `${userId.toLowerCase()}@example.test`,
    verification: { status: 'verified', strategy: 'email_code' },
    linked_to: [],
  };
}

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
    phone_numbers: [],
    public_metadata: {},
    private_metadata: {},
    unsafe_metadata: {},
    two_factor_enabled: false,
    banned: false,
    locked: false,
    last_sign_in_at: null,
    last_active_at: null,
    updated_at: createdAt,
    ...user,
    object: 'user',
    email_addresses: emailAddresses,
    created_at: createdAt,
  };
}

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
    max_allowed_memberships: 5,
    admin_delete_enabled: true,
    public_metadata: {},
    private_metadata: {},
    created_by: null,
    updated_at: createdAt,
    ...org,
    object: 'organization',
    created_at: createdAt,
  };
}
