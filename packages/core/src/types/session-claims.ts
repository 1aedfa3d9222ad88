/** Compact organization claim of session token v2. */
export interface OrganizationClaimV2 {
  id?: string;
  /** Role without the `org:` prefix. */
  rol?: string;
  slg?: string;
  /** Comma list of permission names. */
  per?: string;
  /** Comma list of decimal bitmasks, one per org-scoped feature in `fea`. */
  fpm?: string;
  [name: string]: unknown;
}

/** The verified payload of a session token (Clerk v1 and v2 claims; others pass through). */
export interface SessionClaims {
  sub: string;
  sid?: string;
  iss?: string;
  azp?: string;
  aud?: string | string[];
  exp: number;
  nbf?: number;
  iat?: number;
  /** Session status; `pending` sessions have not finished sign-in tasks. */
  sts?: 'active' | 'pending';
  /** Factor verification age in minutes: [first factor, second factor], -1 = not set up. */
  fva?: [number, number];
  act?: { sub: string; [name: string]: unknown };
  /** Token format version; 2 = compact organization claims. */
  v?: number;
  org_id?: string;
  org_role?: string;
  org_slug?: string;
  org_permissions?: string[];
  o?: OrganizationClaimV2;
  /** Comma list of `scope:feature`. */
  fea?: string;
  /** Comma list of `scope:plan`. */
  pla?: string;
  [name: string]: unknown;
}
