/** Clerk's Backend API JSON for machine tokens (snake_case, times in ms), as `@clerk/backend` parses it. */
export interface ClerkApiKeyJson {
  object: 'api_key';
  id: string;
  type: 'api_key';
  name: string;
  /** `user_…` or `org_…` */
  subject: string;
  scopes: string[];
  claims: Record<string, unknown> | null;
  revoked: boolean;
  revocation_reason: string | null;
  expired: boolean;
  expiration: number | null;
  created_by: string | null;
  description: string | null;
  last_used_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface ClerkM2MTokenJson {
  object: 'machine_to_machine_token';
  id: string;
  /** `mch_…` */
  subject: string;
  scopes: string[];
  claims: Record<string, unknown> | null;
  revoked: boolean;
  revocation_reason: string | null;
  expired: boolean;
  expiration: number | null;
  created_at: number;
  updated_at: number;
}

export interface ClerkOAuthAccessTokenJson {
  object: 'clerk_idp_oauth_access_token';
  id: string;
  type: 'oauth_token';
  client_id: string;
  /** The user the token acts for. */
  subject: string;
  scopes: string[];
  revoked: boolean;
  revocation_reason: string | null;
  expired: boolean;
  expiration: number | null;
  created_at: number;
  updated_at: number;
  aud?: string[];
}

export type ClerkMachineTokenJson = ClerkApiKeyJson | ClerkM2MTokenJson | ClerkOAuthAccessTokenJson;
