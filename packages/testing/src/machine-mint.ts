import type {
  ClerkApiKeyJson,
  ClerkM2MTokenJson,
  ClerkMachineResourceJson,
  ClerkOAuthAccessTokenJson,
} from './machine-json.js';
import {
  assertNonEmptyString,
  assertPrefixed,
  claimsOption,
  expiresInSecondsOption,
  scopesOption,
} from './machine-options.js';
import type { UnsignedToken } from './mint.js';
import { randomHex, randomId } from './random.js';

/** Clerk's JWT category (`cat` header) of M2M tokens. */
export const M2M_TOKEN_CATEGORY = 'cl_B7d4PD333AAA';
/** A JWT machine token has to expire; Clerk's opaque ones need not. */
const DEFAULT_JWT_LIFETIME_SECONDS = 3600;

export type MachineTokenFormat = 'opaque' | 'jwt';

export interface CreateApiKeyOptions {
  /** The owner: `user_…` or `org_…`. */
  subject: string;
  name: string;
  scopes?: string[];
  claims?: Record<string, unknown>;
  /** Default: never expires. 0 makes an expired key. */
  expiresInSeconds?: number;
}

export interface CreateM2MTokenOptions {
  machineId: string;
  scopes?: string[];
  claims?: Record<string, unknown>;
  /** Default: never (opaque) or one hour (JWT). 0 makes an expired token. */
  expiresInSeconds?: number;
  /** Default 'opaque' (`mt_…`); 'jwt' is signed by the issuer's current key. */
  format?: MachineTokenFormat;
}

export interface CreateOAuthTokenOptions {
  userId: string;
  clientId: string;
  scopes?: string[];
  /** `aud` of the token (RFC 9068); default none. */
  audience?: string | string[];
  /** Default: never (opaque) or one hour (JWT). 0 makes an expired token. */
  expiresInSeconds?: number;
  /** Default 'opaque' (`oat_…`); 'jwt' is an RFC 9068 access token signed by the issuer's current key. */
  format?: MachineTokenFormat;
}

function formatOption(option: string, value: unknown): MachineTokenFormat {
  if (value === undefined) return 'opaque';
  if (value !== 'opaque' && value !== 'jwt') throw new TypeError(`${option} must be 'opaque' or 'jwt'`);
  return value;
}

function audienceOption(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || !list.every((entry) => typeof entry === 'string' && entry !== '')) {
    throw new TypeError('createOAuthToken: audience must be a non-empty string or array of them');
  }
  return list as string[];
}

/** Times of a new token: `now` and `expiration` in ms, as Clerk's JSON has them. */
function lifetime(now: number, expiresInSeconds: number | undefined, format: MachineTokenFormat) {
  const seconds = expiresInSeconds ?? (format === 'jwt' ? DEFAULT_JWT_LIFETIME_SECONDS : undefined);
  return { now, expiration: seconds === undefined ? null : now + seconds * 1000 };
}

/** The fields every resource of a token just made has: active, with its times. */
function activeResource(
  id: string,
  subject: string,
  scopes: string[],
  times: { now: number; expiration: number | null },
): ClerkMachineResourceJson {
  return {
    id,
    subject,
    scopes,
    revoked: false,
    revocation_reason: null,
    expired: false,
    expiration: times.expiration,
    created_at: times.now,
    updated_at: times.now,
  };
}

export function newApiKey(options: CreateApiKeyOptions): { secret: string; json: ClerkApiKeyJson } {
  const subject = assertPrefixed('createApiKey: subject', options.subject, ['user_', 'org_']);
  const name = assertNonEmptyString('createApiKey: name', options.name);
  const scopes = scopesOption('createApiKey: scopes', options.scopes);
  const claims = claimsOption('createApiKey: claims', options.claims);
  const times = lifetime(
    Date.now(),
    expiresInSecondsOption('createApiKey: expiresInSeconds', options.expiresInSeconds),
    'opaque',
  );
  const json: ClerkApiKeyJson = {
    object: 'api_key',
    type: 'api_key',
    ...activeResource(randomId('ak'), subject, scopes, times),
    name,
    claims,
    created_by: null,
    description: null,
    last_used_at: null,
  };
  return { secret: `ak_${randomHex(24)}`, json };
}

/** An opaque token as it is, or a JWT's header and claims for the issuer to sign (adding alg and kid). */
export type NewMachineToken<J> = { json: J; opaque: string } | { json: J; unsigned: UnsignedToken };

export function newM2MToken(
  options: CreateM2MTokenOptions,
  issuerUrl: string,
): NewMachineToken<ClerkM2MTokenJson> {
  const machineId = assertPrefixed('createM2MToken: machineId', options.machineId, ['mch_']);
  const scopes = scopesOption('createM2MToken: scopes', options.scopes);
  const claims = claimsOption('createM2MToken: claims', options.claims);
  const format = formatOption('createM2MToken: format', options.format);
  const times = lifetime(
    Date.now(),
    expiresInSecondsOption('createM2MToken: expiresInSeconds', options.expiresInSeconds),
    format,
  );
  const { now, expiration } = times;
  const json: ClerkM2MTokenJson = {
    object: 'machine_to_machine_token',
    ...activeResource(randomId('mt'), machineId, scopes, times),
    claims,
  };
  if (format === 'opaque') return { json, opaque: `mt_${randomHex(24)}` };
  const iat = Math.floor(now / 1000);
  // Clerk's M2M JWT: custom claims beside the registered ones, scopes space-separated.
  const payload: Record<string, unknown> = {
    ...claims,
    iss: issuerUrl,
    sub: machineId,
    jti: json.id,
    iat,
    nbf: iat,
    exp: Math.floor((expiration ?? now) / 1000),
  };
  if (scopes.length > 0) payload.scopes = scopes.join(' ');
  return { json, unsigned: { header: { typ: 'JWT', cat: M2M_TOKEN_CATEGORY }, payload } };
}

export function newOAuthToken(
  options: CreateOAuthTokenOptions,
  issuerUrl: string,
): NewMachineToken<ClerkOAuthAccessTokenJson> {
  const userId = assertPrefixed('createOAuthToken: userId', options.userId, ['user_']);
  const clientId = assertNonEmptyString('createOAuthToken: clientId', options.clientId);
  const scopes = scopesOption('createOAuthToken: scopes', options.scopes);
  const audience = audienceOption(options.audience);
  const format = formatOption('createOAuthToken: format', options.format);
  const times = lifetime(
    Date.now(),
    expiresInSecondsOption('createOAuthToken: expiresInSeconds', options.expiresInSeconds),
    format,
  );
  const { now, expiration } = times;
  const json: ClerkOAuthAccessTokenJson = {
    object: 'clerk_idp_oauth_access_token',
    type: 'oauth_token',
    ...activeResource(randomId('oat'), userId, scopes, times),
    client_id: clientId,
    ...(audience === undefined ? {} : { aud: audience }),
  };
  if (format === 'opaque') return { json, opaque: `oat_${randomHex(24)}` };
  const iat = Math.floor(now / 1000);
  // RFC 9068 §2.2: iss, exp, aud (here optional), sub, client_id, iat, jti; scope space-separated.
  const payload: Record<string, unknown> = {
    iss: issuerUrl,
    sub: userId,
    ...(audience === undefined ? {} : { aud: audience.length === 1 ? audience[0] : audience }),
    client_id: clientId,
    scope: scopes.join(' '),
    jti: json.id,
    iat,
    exp: Math.floor((expiration ?? now) / 1000),
  };
  return { json, unsigned: { header: { typ: 'at+jwt' }, payload } };
}
