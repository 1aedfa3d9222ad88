export interface EmailAddress {
  id: string;
  emailAddress: string;
  verification: { status: string; strategy: string | null } | null;
}

export interface PhoneNumber {
  id: string;
  phoneNumber: string;
  verification: { status: string; strategy: string | null } | null;
}

/** A user from the Backend API, camelCased. Fields we do not map are kept under `raw`. */
export interface User {
  id: string;
  firstName: string | null;
  lastName: string | null;
  username: string | null;
  imageUrl: string | null;
  primaryEmailAddressId: string | null;
  emailAddresses: EmailAddress[];
  phoneNumbers: PhoneNumber[];
  publicMetadata: Record<string, unknown>;
  privateMetadata: Record<string, unknown>;
  unsafeMetadata: Record<string, unknown>;
  banned: boolean;
  locked: boolean;
  lastSignInAt: number | null;
  createdAt: number;
  updatedAt: number;
  raw: Record<string, unknown>;
}

/** An organization from the Backend API, camelCased. Fields we do not map are kept under `raw`. */
export interface Organization {
  id: string;
  name: string;
  slug: string | null;
  imageUrl: string | null;
  membersCount: number | null;
  publicMetadata: Record<string, unknown>;
  privateMetadata: Record<string, unknown>;
  createdAt: number;
  updatedAt: number;
  raw: Record<string, unknown>;
}

/** What the auth object needs from the Backend API: null for a 404, a rejection for other failures. */
export interface Lookups {
  findUser(userId: string): Promise<User | null>;
  findOrganization(idOrSlug: string): Promise<Organization | null>;
}
