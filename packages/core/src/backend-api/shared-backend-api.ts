import type { BackendApi, BackendApiSettings } from './lookups.js';
import type { Lookups } from './types.js';

// Lets a clerkClient use the lookup cache (and single flight) of a middleware built from the same
// settings, so `clerkClient.users.getUser(id)` and `auth.getUser()` make one Backend API call
// between them. Held weakly, through the `lookups` an authenticator's auth objects keep (the
// BackendApi object itself is not kept by it): a dropped authenticator takes its entry with it.

const live = new Map<string, WeakRef<Lookups>>();
/** Each anchor's BackendApi, alive as long as its anchor. */
const owners = new WeakMap<Lookups, BackendApi>();
const cleanup = new FinalizationRegistry<string>((key) => {
  if (live.get(key)?.deref() === undefined) live.delete(key);
});
const objectIds = new WeakMap<object, number>();
let nextObjectId = 0;

function identity(value: object | undefined): string {
  if (value === undefined) return '-';
  let id = objectIds.get(value);
  if (id === undefined) {
    id = nextObjectId++;
    objectIds.set(value, id);
  }
  return String(id);
}

/**
 * Equal for settings that make the same requests into the same cache: functions and stores by
 * identity. `cacheStore` is the app's option (undefined: each builder's own memory store).
 */
export function backendApiKey(settings: BackendApiSettings): string {
  return JSON.stringify([
    settings.apiUrl,
    settings.apiVersion,
    settings.secretKey ?? null,
    settings.apiTimeoutInMs,
    settings.lookupCacheTtlInMs,
    settings.lookupNotFoundTtlInMs,
    identity(settings.cacheStore),
    identity(settings.logger),
    identity(settings.fetch),
    identity(settings.now),
  ]);
}

/** An authenticator's Backend API, offered to clerkClients with the same settings (the latest wins). */
export function shareBackendApi(settings: BackendApiSettings, backendApi: BackendApi): BackendApi {
  const key = backendApiKey(settings);
  owners.set(backendApi.lookups, backendApi);
  live.set(key, new WeakRef(backendApi.lookups));
  cleanup.register(backendApi.lookups, key);
  return backendApi;
}

/** The Backend API a live authenticator shares for this key, else undefined. */
export function sharedBackendApi(key: string): BackendApi | undefined {
  const anchor = live.get(key)?.deref();
  return anchor === undefined ? undefined : owners.get(anchor);
}
