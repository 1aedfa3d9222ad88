/** Clerk's Backend API JSON for machine tokens (snake_case, times in ms), as `@clerk/backend` parses it. */

/** The fields every machine-token resource has. */
export interface ClerkMachineResourceJson {
  id: string;
  subject: string;
  scopes: string[];
  revoked: boolean;
  revocation_reason: string | null;
  expired: boolean;
  expiration: number | null;
  created_at: number;
  updated_at: number;
}

export interface ClerkApiKeyJson extends ClerkMachineResourceJson {
  object: 'api_key';
  type: 'api_key';
  name: string;
  /** `user_…` or `org_…` */
  subject: string;
  claims: Record<string, unknown> | null;
  created_by: string | null;
  description: string | null;
  last_used_at: number | null;
}

export interface ClerkM2MTokenJson extends ClerkMachineResourceJson {
  object: 'machine_to_machine_token';
  /** `mch_…` */
  subject: string;
  claims: Record<string, unknown> | null;
}

export interface ClerkOAuthAccessTokenJson extends ClerkMachineResourceJson {
  object: 'clerk_idp_oauth_access_token';
  type: 'oauth_token';
  client_id: string;
  /** The user the token acts for. */
  subject: string;
  aud?: string[];
}

export type ClerkMachineTokenJson = ClerkApiKeyJson | ClerkM2MTokenJson | ClerkOAuthAccessTokenJson;
