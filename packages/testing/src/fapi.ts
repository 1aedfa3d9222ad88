import { COOKIE, cookieSuffix } from './browser-cookies.js';
import { DevBrowsers } from './dev-browsers.js';
import { buildDirectives } from './fapi-directives.js';
import { FapiSigner, HANDSHAKE_FAULTS, type HandshakeFault } from './fapi-signing.js';
import { HandshakeNonces } from './handshake-nonces.js';
import type { KeyRing } from './key-ring.js';
import { type BrowserClient, type BrowserSession, SessionStore } from './sessions.js';

export type IssuerInstance = 'development' | 'production';
export type HandshakeTransport = 'token' | 'nonce';

export interface BrowserCookiesOptions {
  userId: string;
  /** `azp` of the session token; default `'http://localhost:3000'`. */
  azp?: string;
  /** Seconds since the epoch; default now. Also the `__client_uat` (a session never predates its client's sign-in). */
  issuedAt?: number;
  /** Default: the issuer's `sessionLifetimeInSeconds`. */
  expiresInSeconds?: number;
  /** Send the suffixed names (`__session_<suffix>`, …) instead of the plain ones; default false. */
  suffixed?: boolean;
}

export interface FrontendApiOptions {
  instance: IssuerInstance;
  sessionLifetimeInSeconds: number;
  refreshCookie: boolean;
  publishableKey: string;
  issuerUrl: string;
  keyRing: KeyRing;
  modulusLength: number;
}

/** The state behind the Frontend API the issuer plays: clients, sessions, dev browsers, nonces, switches. */
export class FrontendApi {
  readonly sessions = new SessionStore();
  readonly devBrowsers = new DevBrowsers(this.sessions);
  readonly nonces = new HandshakeNonces();
  readonly signer: FapiSigner;
  readonly suffix: string;
  transport: HandshakeTransport = 'token';
  fault: HandshakeFault = false;
  private readonly allowedOrigins = new Set<string>();

  constructor(readonly options: FrontendApiOptions) {
    this.suffix = cookieSuffix(options.publishableKey);
    this.signer = new FapiSigner(options.keyRing, options.issuerUrl, options.modulusLength, () => this.fault);
  }

  get development(): boolean {
    return this.options.instance === 'development';
  }

  allowOrigin(origin: string): void {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      throw new TypeError('allowOrigin expects an http(s) origin such as http://127.0.0.1:3000');
    }
    this.allowedOrigins.add(parsed.origin);
  }

  /** `redirect_url` as a URL when it is an absolute http(s) URL on an allowed origin. */
  allowedRedirect(value: string | null): URL | undefined {
    if (value === null) return undefined;
    try {
      const url = new URL(value);
      return this.allowedOrigins.has(url.origin) ? url : undefined;
    } catch {
      return undefined;
    }
  }

  setTransport(transport: HandshakeTransport): void {
    if (transport !== 'token' && transport !== 'nonce') {
      throw new TypeError("handshakeTransport expects 'token' or 'nonce'");
    }
    this.transport = transport;
  }

  setFault(fault: HandshakeFault): void {
    if (!HANDSHAKE_FAULTS.includes(fault)) {
      throw new TypeError(`setHandshakeFault expects one of ${HANDSHAKE_FAULTS.map(String).join(', ')}`);
    }
    this.fault = fault;
  }

  /** The directives for this client, minted now: a fresh session token when it is signed in. */
  async directivesFor(
    client: BrowserClient | undefined,
    context: { redirect: URL; suffixed: boolean; devBrowser?: string },
  ): Promise<string[]> {
    const session = client && this.sessions.activeSession(client);
    const signedIn =
      session && client && (await this.signedInCookies(session, client, context.redirect.origin));
    return buildDirectives({
      scope: { secure: context.redirect.protocol === 'https:' },
      suffix: this.suffix,
      suffixed: context.suffixed,
      ...(signedIn ? { signedIn } : {}),
      ...(context.devBrowser === undefined ? {} : { devBrowser: context.devBrowser }),
      deleteTransport: !this.development,
    });
  }

  async signedInCookies(
    session: BrowserSession,
    client: BrowserClient,
    azp: string,
  ): Promise<{ sessionToken: string; clientUat: number; refreshToken?: string }> {
    const sessionToken = await this.signer.sessionToken({
      userId: session.userId,
      sessionId: session.id,
      azp,
      lifetimeInSeconds: this.options.sessionLifetimeInSeconds,
    });
    const refreshToken = this.options.refreshCookie ? this.sessions.issueRefreshToken(session) : undefined;
    return {
      sessionToken,
      clientUat: client.updatedAt,
      ...(refreshToken === undefined ? {} : { refreshToken }),
    };
  }

  /** A new browser with `userId` signed in; the `Cookie` header it sends the app. */
  browserCookies(options: BrowserCookiesOptions): string {
    if (typeof options?.userId !== 'string' || options.userId === '') {
      throw new TypeError('browserCookies needs a userId');
    }
    const issuedAt = options.issuedAt ?? Math.floor(Date.now() / 1000);
    const dev = this.development ? this.devBrowsers.create() : undefined;
    const client = dev?.client ?? this.sessions.createClient();
    const session = this.sessions.signIn(client, options.userId, issuedAt);
    const token = this.signer.sessionTokenNow({
      userId: options.userId,
      sessionId: session.id,
      azp: options.azp ?? 'http://localhost:3000',
      lifetimeInSeconds: options.expiresInSeconds ?? this.options.sessionLifetimeInSeconds,
      issuedAt,
    });
    const name = (base: string): string => (options.suffixed ? `${base}_${this.suffix}` : base);
    const cookies = [`${name(COOKIE.session)}=${token}`, `${name(COOKIE.clientUat)}=${issuedAt}`];
    if (dev) cookies.push(`${name(COOKIE.devBrowser)}=${dev.token}`);
    // The Frontend API and the app share 127.0.0.1, and cookies are not isolated by port.
    else cookies.push(`${COOKIE.client}=${client.cookie}`);
    return cookies.join('; ');
  }
}
