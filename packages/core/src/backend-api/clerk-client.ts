import { SessionguardError } from '../errors.js';
import { type BackendApi, type BackendApiSettings, createBackendApi } from './lookups.js';
import type { GetOrganizationParams } from './organization-params.js';
import { backendApiKey, sharedBackendApi } from './shared-backend-api.js';
import type { Organization, User } from './types.js';

/**
 * Clerk's `clerkClient`, for the lookups sessionguard serves. Any other Backend API property of
 * Clerk's client throws NotServedError when read.
 */
export interface ClerkClient {
  readonly users: { getUser(userId: string): Promise<User> };
  readonly organizations: {
    /** An id or a slug, or Clerk's `{ organizationId } | { slug }` (with `includeMembersCount`). */
    getOrganization(params: string | GetOrganizationParams): Promise<Organization>;
  };
}

const SERVED =
  'users.getUser(userId) and organizations.getOrganization(idOrSlug | { organizationId } | { slug })';

/** A Backend API method or resource of Clerk's client that sessionguard does not serve (admin work). */
export class NotServedError extends SessionguardError<'not-served'> {
  override readonly name = 'NotServedError';

  /** `called`: the path read, as written in the app (`clerkClient.users.updateUser`). */
  constructor(called: string) {
    super(
      'not-served',
      `${called} is not served by sessionguard: its clerkClient serves the lookups ${SERVED} only. For admin work (create, update, list, delete, …) use createClerkClient from @clerk/backend.`,
    );
  }
}

// Read by `await`, JSON.stringify and printers without meaning a Backend API call: answered undefined.
const PROBES: ReadonlySet<string> = new Set(['then', 'toJSON']);

/** Reads of the names `target` has pass; any other name throws NotServedError naming the path. */
function servedOnly<T extends object>(target: T, path: string): T {
  return new Proxy(Object.freeze(target), {
    get(object, property, receiver) {
      if (typeof property === 'symbol' || property in object) return Reflect.get(object, property, receiver);
      if (PROBES.has(property)) return undefined;
      throw new NotServedError(`${path}.${property}`);
    },
  });
}

/**
 * A clerkClient over `settings`, read at its first call (not when built), and kept once they hold a
 * secret key: without one each call reads them again (the env may be loaded later) and answers the
 * missing-secret-key ConfigurationError. It uses the Backend API (cache, single flight) of a live
 * authenticator built from equal settings, else one of its own.
 */
export function clerkClientOf(settings: () => BackendApiSettings): ClerkClient {
  let kept: { key: string; settings: BackendApiSettings; own?: BackendApi } | undefined;
  const backendApi = (): BackendApi => {
    let current = kept;
    if (current === undefined) {
      const read = settings();
      current = { key: backendApiKey(read), settings: read };
      if (read.secretKey !== undefined) kept = current;
    }
    const shared = sharedBackendApi(current.key);
    if (shared !== undefined) return shared;
    current.own ??= createBackendApi(current.settings);
    return current.own;
  };
  return servedOnly(
    {
      users: servedOnly(
        { getUser: async (userId: string) => backendApi().users.getUser(userId) },
        'clerkClient.users',
      ),
      organizations: servedOnly(
        {
          getOrganization: async (params: string | GetOrganizationParams) =>
            backendApi().organizations.getOrganization(params),
        },
        'clerkClient.organizations',
      ),
    },
    'clerkClient',
  );
}
