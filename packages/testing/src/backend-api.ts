import { completeOrganization, completeUser } from './clerk-json.js';
import type { ClerkOrganizationJson, ClerkUserJson } from './clerk-json-types.js';

/** A scripted Backend API answer, used instead of the normal one (rate limits, slow answers, …). */
export interface QueuedApiResponse {
  status: number;
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
  /** Extra delay before this answer, on top of `setApiLatency`. */
  delayMs?: number;
  /** JSON body (a string is sent as-is). Without it: Clerk's error body for statuses ≥ 400, else the normal answer. */
  body?: unknown;
}

/** The data behind the fake Backend API: users, organizations and the scripted behaviour. */
export class BackendApiState {
  private readonly users = new Map<string, ClerkUserJson>();
  private readonly organizations = new Map<string, ClerkOrganizationJson>();
  private readonly queued: QueuedApiResponse[] = [];
  latencyMs = 0;

  addUser(user: Partial<ClerkUserJson> & { id: string }): void {
    this.users.set(user.id, completeUser(user));
  }

  addOrganization(org: Partial<ClerkOrganizationJson> & { id: string }): void {
    this.organizations.set(org.id, completeOrganization(org));
  }

  findUser(id: string): ClerkUserJson | undefined {
    return this.users.get(id);
  }

  /** By id first, then by slug, as Clerk's `GET /v1/organizations/{idOrSlug}` does. */
  findOrganization(idOrSlug: string): ClerkOrganizationJson | undefined {
    const byId = this.organizations.get(idOrSlug);
    if (byId) return byId;
    for (const org of this.organizations.values()) {
      if (org.slug === idOrSlug) return org;
    }
    return undefined;
  }

  queue(responses: QueuedApiResponse[]): void {
    for (const response of responses) {
      if (!Number.isInteger(response.status) || response.status < 100 || response.status > 599) {
        throw new RangeError(`Queued API response has an invalid status ${String(response.status)}`);
      }
      this.queued.push({ ...response });
    }
  }

  takeQueued(): QueuedApiResponse | undefined {
    return this.queued.shift();
  }
}
