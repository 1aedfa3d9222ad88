export type { SigningAlgorithm } from './algorithms.js';
export type { QueuedApiResponse } from './backend-api.js';
export { cookieSuffix } from './browser-cookies.js';
export type { CompactPermissions } from './claims-v2.js';
export { encodeCompactPermissions } from './claims-v2.js';
export type { ClerkErrorBody } from './clerk-errors.js';
export type {
  ClerkEmailAddressJson,
  ClerkEnterpriseAccountJson,
  ClerkEnterpriseConnectionJson,
  ClerkExternalAccountJson,
  ClerkIdentificationLinkJson,
  ClerkOrganizationJson,
  ClerkPhoneNumberJson,
  ClerkUserJson,
  ClerkVerificationJson,
  ClerkWeb3WalletJson,
} from './clerk-json-types.js';
export type { BrowserCookiesOptions, HandshakeTransport, IssuerInstance } from './fapi.js';
export type { HandshakeFault } from './fapi-signing.js';
export { NONCE_LIFETIME_MS } from './handshake-nonces.js';
export { type AddKeyOptions, createTestIssuer, type TestIssuer, type TestIssuerOptions } from './issuer.js';
export type {
  ClerkApiKeyJson,
  ClerkM2MTokenJson,
  ClerkMachineTokenJson,
  ClerkOAuthAccessTokenJson,
} from './machine-json.js';
export {
  type CreateApiKeyOptions,
  type CreateM2MTokenOptions,
  type CreateOAuthTokenOptions,
  M2M_TOKEN_CATEGORY,
  type MachineTokenFormat,
} from './machine-mint.js';
export type { InactiveTokenAnswer } from './machine-tokens.js';
export { type MintOptions, SESSION_TOKEN_CATEGORY } from './mint.js';
export type { IssuerStats, LoggedRequest, OutageMode } from './routes.js';
export type { SignedWebhook, SignWebhookOptions, WebhookEventInput } from './webhooks.js';
