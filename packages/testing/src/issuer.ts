import { assertSigningAlgorithm, type SigningAlgorithm } from './algorithms.js';
import { BackendApiState, type QueuedApiResponse } from './backend-api.js';
import type { ClerkOrganizationJson, ClerkUserJson } from './clerk-json.js';
import { signExactly } from './exact-jws.js';
import { listenLocally } from './http-server.js';
import { KeyRing } from './key-ring.js';
import { buildSessionToken, type MintOptions } from './mint.js';
import { randomHex } from './random.js';
import { createRequestHandler, type IssuerStats, type LoggedRequest, type OutageMode } from './routes.js';
import { Scheduler } from './scheduler.js';
import { signToken } from './token-signer.js';
import {
  type SignedWebhook,
  type SignWebhookOptions,
  type WebhookEventInput,
  WebhookSigner,
} from './webhooks.js';

export interface TestIssuerOptions {
  /** Signing algorithm of the issuer's keys; default 'RS256'. */
  alg?: SigningAlgorithm;
  /** RSA key size in bits; default 2048. */
  modulusLength?: number;
  /** Port on 127.0.0.1; default 0 (a free port). */
  port?: number;
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
  /** `pk_test_` + base64(`<host>$`), as Clerk encodes its Frontend API host. */
  publishableKey: string;
  /** `sk_test_…`; the only Bearer token the Backend API accepts. */
  secretKey: string;
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
  close(): Promise<void>;
}

/** Starts a local Clerk-like issuer: keys, JWKS over HTTP, token minting and a small Backend API. */
export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const alg = assertSigningAlgorithm(options.alg ?? 'RS256');
  const modulusLength = options.modulusLength ?? 2048;
  const keyRing = await KeyRing.create({ alg, modulusLength });
  const api = new BackendApiState();
  const secretKey = `sk_test_${randomHex(20)}`;
  const stats: IssuerStats = { jwksRequests: 0, apiRequests: 0 };
  const requests: LoggedRequest[] = [];
  let outage: OutageMode = false;

  const delayedAnswers = new Scheduler();
  const handler = createRequestHandler({
    secretKey,
    keyRing,
    api,
    outage: () => outage,
    stats,
    requests,
    schedule: (ms, task) => delayedAnswers.schedule(ms, task),
  });
  const server = await listenLocally(options.port ?? 0, handler);
  const webhooks = new WebhookSigner();

  const host = `127.0.0.1:${server.port}`;
  const url = `http://${host}`;

  function signJwt(
    header: Record<string, unknown>,
    payload: Record<string, unknown> | string,
    signOptions: { keyId?: string } = {},
  ): string {
    const key = keyRing.keyFor(signOptions.keyId);
    return signExactly(key, header, typeof payload === 'string' ? payload : JSON.stringify(payload));
  }

  return {
    url,
    host,
    jwksUrl: `${url}/.well-known/jwks.json`,
    publishableKey: `pk_test_${Buffer.from(`${host}$`).toString('base64')}`,
    secretKey,
    get publicKeyPem() {
      return keyRing.currentKey.publicKeyPem;
    },
    get currentKid() {
      return keyRing.currentKey.kid;
    },
    alg,
    async mintSessionToken(mintOptions) {
      const key = keyRing.keyFor(mintOptions.keyId);
      const { header, payload } = buildSessionToken(mintOptions, { url, kid: key.kid, alg: key.alg });
      return signToken(key, header, payload);
    },
    signJwt,
    rotateKeys: () => keyRing.rotate(),
    removeOldKeys: () => keyRing.removeOldKeys(),
    async addKey(keyOptions = {}) {
      const key = await keyRing.addKey(
        {
          alg: assertSigningAlgorithm(keyOptions.alg ?? alg),
          modulusLength: keyOptions.modulusLength ?? modulusLength,
          ...(keyOptions.use === undefined ? {} : { use: keyOptions.use }),
          ...(keyOptions.kid === undefined ? {} : { kid: keyOptions.kid }),
        },
        keyOptions.publish ?? true,
      );
      return key.kid;
    },
    addPublishedJwk: (jwk) => keyRing.addPublishedJwk(jwk),
    setOutage(mode) {
      outage = mode;
    },
    stats,
    resetStats() {
      stats.jwksRequests = 0;
      stats.apiRequests = 0;
      requests.length = 0;
    },
    requests,
    addUser: (user) => api.addUser(user),
    addOrganization: (org) => api.addOrganization(org),
    queueApiResponses: (...responses) => api.queue(responses),
    setApiLatency(ms) {
      api.latencyMs = Math.max(0, ms);
    },
    webhookSigningSecret: webhooks.signingSecret,
    signWebhook: (event, signOptions) => webhooks.sign(event, signOptions),
    sendWebhook: (target, event, signOptions) => webhooks.send(target, event, signOptions),
    close() {
      delayedAnswers.cancelAll();
      return server.close();
    },
  };
}
