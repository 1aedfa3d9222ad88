import { assertSigningAlgorithm, type SigningAlgorithm } from './algorithms.js';
import { BackendApiState, type QueuedApiResponse } from './backend-api.js';
import type { ClerkOrganizationJson, ClerkUserJson } from './clerk-json.js';
import { signExactly } from './exact-jws.js';
import { listenLocally } from './http-server.js';
import { KeyRing } from './key-ring.js';
import type { ClerkM2MTokenJson, ClerkOAuthAccessTokenJson } from './machine-json.js';
import {
  type CreateApiKeyOptions,
  type CreateM2MTokenOptions,
  type CreateOAuthTokenOptions,
  type NewMachineToken,
  newApiKey,
  newM2MToken,
  newOAuthToken,
} from './machine-mint.js';
import { MachineVerifyTraffic } from './machine-routes.js';
import { type InactiveTokenAnswer, MachineTokenStore } from './machine-tokens.js';
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
  /** `sk_test_…`; the Bearer token the Backend API accepts. */
  secretKey: string;
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
  close(): Promise<void>;
}

/** Starts a local Clerk-like issuer: keys, JWKS over HTTP, token minting and a small Backend API. */
export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const alg = assertSigningAlgorithm(options.alg ?? 'RS256');
  const modulusLength = options.modulusLength ?? 2048;
  const keyRing = await KeyRing.create({ alg, modulusLength });
  const api = new BackendApiState();
  const secretKey = `sk_test_${randomHex(20)}`;
  const machineSecretKey = `ak_${randomHex(20)}`;
  const stats: IssuerStats = {
    jwksRequests: 0,
    apiRequests: 0,
    machineVerifications: 0,
    machineVerificationPeakConcurrency: 0,
  };
  const machineTokens = new MachineTokenStore();
  const machineTraffic = new MachineVerifyTraffic(stats);
  const requests: LoggedRequest[] = [];
  let outage: OutageMode = false;

  const delayedAnswers = new Scheduler();
  const schedule = (ms: number, task: () => void): void => delayedAnswers.schedule(ms, task);
  const handler = createRequestHandler({
    secretKey,
    keyRing,
    api,
    outage: () => outage,
    stats,
    requests,
    schedule,
    machine: { secretKey, machineSecretKey, tokens: machineTokens, traffic: machineTraffic, schedule },
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

  /** Signs a JWT machine token with the current key, or keeps the opaque one; stores it for verify. */
  // Synchronous (SPEC §8 gives { id, token }, not a promise): node:crypto signs a JWT at once.
  function storeMachineToken<J extends ClerkM2MTokenJson | ClerkOAuthAccessTokenJson>(
    kind: 'm2m_token' | 'oauth_token',
    made: NewMachineToken<J>,
  ): { id: string; token: string } {
    const key = keyRing.currentKey;
    const token =
      'opaque' in made
        ? made.opaque
        : signExactly(
            key,
            { alg: key.alg, kid: key.kid, ...made.unsigned.header },
            JSON.stringify(made.unsigned.payload),
          );
    machineTokens.add(kind, token, made.json);
    return { id: made.json.id, token };
  }

  return {
    url,
    host,
    jwksUrl: `${url}/.well-known/jwks.json`,
    publishableKey: `pk_test_${Buffer.from(`${host}$`).toString('base64')}`,
    secretKey,
    machineSecretKey,
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
      machineTraffic.reset();
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
    createApiKey(apiKeyOptions) {
      const { secret, json } = newApiKey(apiKeyOptions);
      machineTokens.add('api_key', secret, json);
      return { id: json.id, secret };
    },
    createM2MToken: (m2mOptions) => storeMachineToken('m2m_token', newM2MToken(m2mOptions, url)),
    createOAuthToken: (oauthOptions) => storeMachineToken('oauth_token', newOAuthToken(oauthOptions, url)),
    revokeApiKey: (id) => machineTokens.revoke('api_key', id),
    revokeM2MToken: (id) => machineTokens.revoke('m2m_token', id),
    revokeOAuthToken: (id) => machineTokens.revoke('oauth_token', id),
    setMachineVerifyDelay(ms) {
      machineTraffic.delayMs = Math.max(0, ms);
    },
    setInactiveTokenAnswer(answer) {
      if (answer !== 'not-found' && answer !== 'flags') {
        throw new TypeError("setInactiveTokenAnswer expects 'not-found' or 'flags'");
      }
      machineTokens.inactiveAnswer = answer;
    },
    close() {
      delayedAnswers.cancelAll();
      return server.close();
    },
  };
}
