// A Backend API verify answer (a 200) as Clerk's machine auth object of its type (SPEC §9.5).

import { isRecord } from '../backend-api/error-body.js';
import { stringOrNull } from '../backend-api/json-fields.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import { type MachineTokenType, TOKEN_TYPE_NAMES } from '../token/token-type.js';
import {
  apiKeyAuth,
  type MachineAuthObject,
  type MachineIdentity,
  m2mTokenAuth,
  oauthTokenAuth,
} from './machine-auth.js';
import { OPAQUE_ENDPOINTS } from './opaque-endpoints.js';

export function unavailable(message: string): TokenVerificationError {
  return new TokenVerificationError(Reason.TokenVerificationUnavailable, message);
}

export function invalid(message: string): TokenVerificationError {
  return new TokenVerificationError(Reason.TokenInvalid, message);
}

/** Clerk's auth object of this type from a verify answer (a 200), once per verdict. */
export function authObjectFor(
  type: MachineTokenType,
  token: string,
  json: Record<string, unknown>,
): MachineAuthObject {
  const { notFound } = OPAQUE_ENDPOINTS[type];
  // A 200 that says revoked or expired is not a pass, whatever else it holds (fail closed).
  if (json.revoked === true || json.expired === true) throw invalid(notFound);
  const subject = stringOrNull(json.subject);
  const id = stringOrNull(json.id);
  if (subject === null || id === null) {
    throw unavailable(
      `The Backend API answered a verification of ${TOKEN_TYPE_NAMES[type]} without an id or subject.`,
    );
  }
  const identity: MachineIdentity = {
    id,
    subject,
    scopes: Array.isArray(json.scopes)
      ? json.scopes.filter((scope): scope is string => typeof scope === 'string')
      : [],
    // A copy, once per verdict: what the store keeps stays as the Backend API sent it.
    claims: isRecord(json.claims) ? structuredClone(json.claims) : null,
  };
  if (type === 'api_key') return apiKeyAuth(token, identity, stringOrNull(json.name) ?? '');
  if (type === 'm2m_token') return m2mTokenAuth(token, identity);
  return oauthTokenAuth(token, identity, stringOrNull(json.client_id) ?? '');
}
