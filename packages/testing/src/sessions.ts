import { randomHex, randomId } from './random.js';

/** A browser as the Frontend API knows it: at most one active session (Clerk's single-session mode). */
export interface BrowserClient {
  id: string;
  /** The value of its `__client` cookie on the Frontend API's origin. */
  cookie: string;
  sessionId: string | undefined;
  /** Seconds since the epoch of its last sign-in or sign-out: what `__client_uat` says while signed in. */
  updatedAt: number;
}

export interface BrowserSession {
  id: string;
  userId: string;
  clientId: string;
  ended: boolean;
}

export type RefreshOutcome =
  | { ok: true; session: BrowserSession; client: BrowserClient }
  | { ok: false; code: 'invalid_refresh_token' | 'refresh_token_already_used' | 'session_not_active' };

const nowInSeconds = (): number => Math.floor(Date.now() / 1000);

/** Clients, their sessions and the refresh tokens that stand for them. */
export class SessionStore {
  private readonly clients = new Map<string, BrowserClient>();
  private readonly clientsByCookie = new Map<string, BrowserClient>();
  private readonly sessions = new Map<string, BrowserSession>();
  private readonly refreshTokens = new Map<string, { sessionId: string; used: boolean }>();

  createClient(): BrowserClient {
    const client: BrowserClient = {
      id: randomId('client'),
      cookie: randomHex(24),
      sessionId: undefined,
      updatedAt: nowInSeconds(),
    };
    this.clients.set(client.id, client);
    this.clientsByCookie.set(client.cookie, client);
    return client;
  }

  client(id: string): BrowserClient | undefined {
    return this.clients.get(id);
  }

  clientByCookie(cookie: string | undefined): BrowserClient | undefined {
    return cookie === undefined ? undefined : this.clientsByCookie.get(cookie);
  }

  /** Signs `userId` in on `client`, ending the session it had; `at` (seconds) becomes its `__client_uat`. */
  signIn(client: BrowserClient, userId: string, at = nowInSeconds()): BrowserSession {
    this.endSession(client.sessionId);
    const session: BrowserSession = { id: randomId('sess'), userId, clientId: client.id, ended: false };
    this.sessions.set(session.id, session);
    client.sessionId = session.id;
    client.updatedAt = at;
    return session;
  }

  /** The client's session while it is active. */
  activeSession(client: BrowserClient): BrowserSession | undefined {
    const session = client.sessionId === undefined ? undefined : this.sessions.get(client.sessionId);
    return session && !session.ended ? session : undefined;
  }

  /** Ends every session of `userId`; their clients are signed out from now on. */
  signOut(userId: string): void {
    for (const session of this.sessions.values()) {
      if (session.userId === userId && !session.ended) this.endSession(session.id);
    }
  }

  issueRefreshToken(session: BrowserSession): string {
    const token = randomHex(32);
    this.refreshTokens.set(token, { sessionId: session.id, used: false });
    return token;
  }

  /** Takes a refresh token for `sessionId`: it works once, and only while its session is active. */
  redeemRefreshToken(sessionId: string, token: string): RefreshOutcome {
    const record = this.refreshTokens.get(token);
    if (!record || record.sessionId !== sessionId) return { ok: false, code: 'invalid_refresh_token' };
    if (record.used) return { ok: false, code: 'refresh_token_already_used' };
    const session = this.sessions.get(sessionId);
    const client = session && this.clients.get(session.clientId);
    if (!session || session.ended || !client) return { ok: false, code: 'session_not_active' };
    record.used = true;
    return { ok: true, session, client };
  }

  private endSession(sessionId: string | undefined): void {
    const session = sessionId === undefined ? undefined : this.sessions.get(sessionId);
    if (!session || session.ended) return;
    session.ended = true;
    const client = this.clients.get(session.clientId);
    if (client?.sessionId === session.id) {
      client.sessionId = undefined;
      client.updatedAt = nowInSeconds();
    }
  }
}
