import { randomHex } from './random.js';
import type { BrowserClient, SessionStore } from './sessions.js';

/**
 * Development instances know a browser by its dev browser token (`__clerk_db_jwt`), which travels in
 * the query because a development Frontend API cannot read the app's cookies.
 */
export class DevBrowsers {
  private readonly clientIdByToken = new Map<string, string>();

  constructor(private readonly sessions: SessionStore) {}

  /** A new dev browser with a new, signed-out client. */
  create(): { token: string; client: BrowserClient } {
    const client = this.sessions.createClient();
    const token = `dvb_${randomHex(20)}`;
    this.clientIdByToken.set(token, client.id);
    return { token, client };
  }

  clientOf(token: string | null | undefined): BrowserClient | undefined {
    const clientId = token ? this.clientIdByToken.get(token) : undefined;
    return clientId === undefined ? undefined : this.sessions.client(clientId);
  }

  /** The token of a known dev browser, or a new one when it is missing or unknown. */
  findOrCreate(token: string | null | undefined): { token: string; client: BrowserClient; created: boolean } {
    const client = this.clientOf(token);
    if (token && client) return { token, client, created: false };
    return { ...this.create(), created: true };
  }
}
