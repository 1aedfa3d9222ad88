import type { SigningAlgorithm } from './algorithms.js';
import type { QueuedApiResponse } from './backend-api.js';
import type { ClerkOrganizationJson, ClerkUserJson } from './clerk-json-types.js';
import type { BrowserCookiesOptions, HandshakeTransport, IssuerInstance } from './fapi.js';
import type { HandshakeFault } from './fapi-signing.js';
import type { CreateApiKeyOptions, CreateM2MTokenOptions, CreateOAuthTokenOptions } from './machine-mint.js';
import type { InactiveTokenAnswer } from './machine-tokens.js';
import type { MintOptions } from './mint.js';
import type { IssuerStats, LoggedRequest, OutageMode } from './routes.js';
import type { SignedWebhook, SignWebhookOptions, WebhookEventInput } from './webhooks.js';

export interface TestIssuerOptions {
  /** Signing algorithm of the issuer's keys; default 'RS256'. */
  alg?: SigningAlgorithm;
  /** RSA key size in bits; default 2048. */
  modulusLength?: number;
  /** Port on 127.0.0.1; default 0 (a free port). */
  port?: number;
  /** The instance its publishable key names (SPEC §12.7): `pk_test_` (development, default) or `pk_live_`. */
  instance?: IssuerInstance;
  /** Lifetime of the session tokens its Frontend API mints; default 60. */
  sessionLifetimeInSeconds?: number;
  /** Whether its Frontend API also sets `__refresh_<suffix>` for signed-in clients; default false. */
  refreshCookie?: boolean;
}

export interface AddKeyOptions {
  /** Default: the issuer's algorithm. */
  alg?: SigningAlgorithm;
  /** RSA only; default: the issuer's size. */
  modulusLength?: number;
  /** JWK `use`; default 'sig'. */
  use?: string;
  kid?: string;
  /** Whether the JWKS lists it; default true. */
  publish?: boolean;
}

export interface TestIssuer {
  /** `http://127.0.0.1:<port>`, also the `iss` of minted tokens. */
  url: string;
  /** `127.0.0.1:<port>` */
  host: string;
  /** `${url}/.well-known/jwks.json` */
  jwksUrl: string;
  /** `pk_test_` (`pk_live_` for production) + base64(`<host>$`), as Clerk encodes its Frontend API host. */
  publishableKey: string;
  /** `sk_test_…` (`sk_live_…` for production); the Bearer token the Backend API accepts. */
  secretKey: string;
  instance: IssuerInstance;
  /** `${url}/sign-in`: `?user_id=<id>&redirect_url=<url>` signs a browser in and sends it through the handshake. */
  signInUrl: string;
  /** `ak_…`, a machine's secret key: accepted (besides `secretKey`) by `POST /m2m_tokens/verify` only. */
  machineSecretKey: string;
  /** SPKI PEM of the current signing key. */
  readonly publicKeyPem: string;
  readonly currentKid: string;
  alg: SigningAlgorithm;
  mintSessionToken(options: MintOptions): Promise<string>;
  /** Signs exactly the given header and payload (a string payload is raw JSON text); adds nothing. */
  signJwt(
    header: Record<string, unknown>,
    payload: Record<string, unknown> | string,
    options?: { keyId?: string },
  ): string;
  rotateKeys(): Promise<void>;
  removeOldKeys(): void;
  addKey(options?: AddKeyOptions): Promise<string>;
  addPublishedJwk(jwk: Record<string, unknown>): void;
  setOutage(mode: OutageMode): void;
  /** Live counters, updated in place. */
  stats: IssuerStats;
  resetStats(): void;
  /** Every request received (the last 1000), updated in place. */
  requests: LoggedRequest[];
  addUser(user: Partial<ClerkUserJson> & { id: string }): void;
  addOrganization(org: Partial<ClerkOrganizationJson> & { id: string }): void;
  queueApiResponses(...responses: QueuedApiResponse[]): void;
  setApiLatency(ms: number): void;
  /** `whsec_…`: the secret `signWebhook`/`sendWebhook` sign with (SPEC §10). */
  webhookSigningSecret: string;
  signWebhook(event: WebhookEventInput, options?: SignWebhookOptions): SignedWebhook;
  sendWebhook(url: string, event: WebhookEventInput, options?: SignWebhookOptions): Promise<Response>;
  /** An API key (`ak_…` secret) that `POST /api_keys/verify` knows (SPEC §9). */
  createApiKey(options: CreateApiKeyOptions): { id: string; secret: string };
  /** An M2M token: opaque `mt_…`, or a JWT signed by the current key (`cat` cl_B7d4PD333AAA). */
  createM2MToken(options: CreateM2MTokenOptions): { id: string; token: string };
  /** An OAuth access token: opaque `oat_…`, or an RFC 9068 JWT (`typ` at+jwt) signed by the current key. */
  createOAuthToken(options: CreateOAuthTokenOptions): { id: string; token: string };
  /** The verify endpoints refuse it from now on (see `setInactiveTokenAnswer`); an unknown id throws. */
  revokeApiKey(id: string): void;
  revokeM2MToken(id: string): void;
  revokeOAuthToken(id: string): void;
  /** Delay before each machine-token verify answer, so tests can hold requests in flight. */
  setMachineVerifyDelay(ms: number): void;
  /** Revoked or expired tokens: 404 as Clerk answers (default `'not-found'`), or 200 with the flags set. */
  setInactiveTokenAnswer(answer: InactiveTokenAnswer): void;
  /** Lets `/v1/client/handshake` and the sign-in send browsers back to this origin. */
  allowOrigin(origin: string): void;
  /** Ends every session of this user: the next handshake signs its browsers out. */
  signOut(userId: string): void;
  /** The `Cookie` header a browser with `userId` signed in sends the app (a new client each call). */
  browserCookies(options: BrowserCookiesOptions): string;
  /** How the handshake hands back its cookies when the SDK asks `format=nonce`; default `'token'`. */
  handshakeTransport(transport: HandshakeTransport): void;
  setHandshakeFault(fault: HandshakeFault): void;
  close(): Promise<void>;
}
