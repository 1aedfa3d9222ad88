// Clerk's Backend API verify endpoints for opaque machine tokens (SPEC §9.3): no version segment.
import type { MachineTokenType } from '../token/token-type.js';

export interface OpaqueEndpoint {
  /** Under `{apiUrl}/`. */
  path: string;
  /** The JSON body's one field, which carries the token. */
  field: string;
  /** Clerk's message for a token the Backend API does not know (or knows revoked or expired). */
  notFound: string;
}

export const OPAQUE_ENDPOINTS: Readonly<Record<MachineTokenType, OpaqueEndpoint>> = Object.freeze({
  api_key: { path: 'api_keys/verify', field: 'secret', notFound: 'API key not found' },
  m2m_token: { path: 'm2m_tokens/verify', field: 'token', notFound: 'Machine token not found' },
  oauth_token: {
    path: 'oauth_applications/access_tokens/verify',
    field: 'access_token',
    notFound: 'OAuth token not found',
  },
});
