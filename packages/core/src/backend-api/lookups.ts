import { BackendApiError, ConfigurationError } from '../errors.js';
import type { ResolvedOptions } from '../options.js';
import type { Lookups, Organization, User } from './types.js';

/** The Backend API as an authenticator exposes it. */
export interface BackendApi {
  users: { getUser(userId: string): Promise<User> };
  organizations: { getOrganization(idOrSlug: string): Promise<Organization> };
  /** For the auth object: null on 404. */
  lookups: Lookups;
}

/**
 * Placeholder seam: requests, retries and caching are built in the Backend API issue.
 */
export function createBackendApi(options: ResolvedOptions): BackendApi {
  const unavailable = async (): Promise<never> => {
    if (!options.secretKey) {
      throw new ConfigurationError(
        'missing-secret-key',
        'Backend API lookups need a secret key: set the secretKey option or CLERK_SECRET_KEY.',
      );
    }
    throw new BackendApiError('Backend API lookups are not implemented yet.', { status: 0 });
  };
  return {
    users: { getUser: unavailable },
    organizations: { getOrganization: unavailable },
    lookups: { findUser: unavailable, findOrganization: unavailable },
  };
}
