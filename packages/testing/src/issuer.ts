import { assertSigningAlgorithm } from './algorithms.js';
import { BackendApiState } from './backend-api.js';
import { withBrowserRoutes } from './browser-routes.js';
import { signExactly } from './exact-jws.js';
import { FrontendApi } from './fapi.js';
import { SIGN_IN_PATH } from './fapi-sign-in.js';
import { listenLocally } from './http-server.js';
import { resolveIssuerOptions } from './issuer-options.js';
import type { TestIssuer, TestIssuerOptions } from './issuer-types.js';
import { KeyRing } from './key-ring.js';
import { storeMachineToken } from './machine-issuing.js';
import { newApiKey, newM2MToken, newOAuthToken } from './machine-mint.js';
import { MachineVerifyTraffic } from './machine-routes.js';
import { MachineTokenStore } from './machine-tokens.js';
import { buildSessionToken } from './mint.js';
import { randomHex } from './random.js';
import { createRequestHandler, type IssuerStats, type LoggedRequest, type OutageMode } from './routes.js';
import { Scheduler } from './scheduler.js';
import { signToken } from './token-signer.js';
import { WebhookSigner } from './webhooks.js';

export type { AddKeyOptions, TestIssuer, TestIssuerOptions } from './issuer-types.js';

/** Starts a local Clerk-like issuer: keys, JWKS over HTTP, token minting, a small Backend API and FAPI. */
export async function createTestIssuer(options: TestIssuerOptions = {}): Promise<TestIssuer> {
  const { alg, modulusLength, instance, ...resolved } = resolveIssuerOptions(options);
  const keyRing = await KeyRing.create({ alg, modulusLength });
  const api = new BackendApiState();
  const secretKey = `${instance === 'production' ? 'sk_live' : 'sk_test'}_${randomHex(20)}`;
  const machineSecretKey = `ak_${randomHex(20)}`;
  const stats: IssuerStats = {
    jwksRequests: 0,
    apiRequests: 0,
    machineVerifications: 0,
    machineVerificationPeakConcurrency: 0,
    handshakes: 0,
    handshakePayloads: 0,
    sessionRefreshes: 0,
  };
  const machineTokens = new MachineTokenStore();
  const machineTraffic = new MachineVerifyTraffic(stats);
  const requests: LoggedRequest[] = [];
  let outage: OutageMode = false;
  const addUserIfUnknown = (userId: string): void => {
    if (!api.findUser(userId)) api.addUser({ id: userId });
  };

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
  let fapi: FrontendApi | undefined;
  const browserRoutes = () => fapi && { fapi, secretKey, stats, outage: () => outage, addUserIfUnknown };
  const server = await listenLocally(resolved.port, withBrowserRoutes(browserRoutes, requests, handler));
  const webhooks = new WebhookSigner();

  const host = `127.0.0.1:${server.port}`;
  const url = `http://${host}`;
  const publishableKey = `${instance === 'production' ? 'pk_live' : 'pk_test'}_${Buffer.from(`${host}$`).toString('base64')}`;
  const frontendApi = new FrontendApi({
    ...resolved,
    instance,
    publishableKey,
    issuerUrl: url,
    keyRing,
    modulusLength,
  });
  fapi = frontendApi;

  return {
    url,
    host,
    jwksUrl: `${url}/.well-known/jwks.json`,
    publishableKey,
    secretKey,
    machineSecretKey,
    instance,
    signInUrl: `${url}${SIGN_IN_PATH}`,
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
    signJwt(header, payload, signOptions = {}) {
      const key = keyRing.keyFor(signOptions.keyId);
      return signExactly(key, header, typeof payload === 'string' ? payload : JSON.stringify(payload));
    },
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
      stats.handshakes = 0;
      stats.handshakePayloads = 0;
      stats.sessionRefreshes = 0;
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
    createM2MToken: (m2mOptions) =>
      storeMachineToken(keyRing, machineTokens, 'm2m_token', newM2MToken(m2mOptions, url)),
    createOAuthToken: (oauthOptions) =>
      storeMachineToken(keyRing, machineTokens, 'oauth_token', newOAuthToken(oauthOptions, url)),
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
    allowOrigin: (origin) => frontendApi.allowOrigin(origin),
    signOut: (userId) => frontendApi.sessions.signOut(userId),
    browserCookies(cookieOptions) {
      const cookies = frontendApi.browserCookies(cookieOptions);
      addUserIfUnknown(cookieOptions.userId);
      return cookies;
    },
    handshakeTransport: (transport) => frontendApi.setTransport(transport),
    setHandshakeFault: (fault) => frontendApi.setFault(fault),
    close() {
      delayedAnswers.cancelAll();
      return server.close();
    },
  };
}
