import type { AuthObject } from './auth/auth-object.js';

/** The result of authenticating one request. */
export interface RequestState {
  status: 'signed-in' | 'signed-out';
  /** Null when signed in. */
  reason: string | null;
  auth: AuthObject;
  /** The raw token, only when signed in. */
  token: string | null;
  /** Debug headers to add to the response (Clerk's x-clerk-auth-*); never a token or message. */
  headers: Record<string, string>;
}
