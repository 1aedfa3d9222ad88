import type { ClerkMachineTokenJson } from './machine-json.js';

export type MachineTokenKind = 'api_key' | 'm2m_token' | 'oauth_token';

/**
 * How a verify endpoint answers a revoked or expired token: Clerk's Backend API answers an error
 * (`'not-found'`, its 404: Clerk documents that verify "throws" for them); `'flags'` answers 200 with
 * `revoked` / `expired` set, so a verifier's defence against such an answer can be tested too.
 */
export type InactiveTokenAnswer = 'not-found' | 'flags';

interface StoredToken {
  kind: MachineTokenKind;
  /** Without the live `expired` flag, which is computed when asked. */
  json: ClerkMachineTokenJson;
}

const REVOCATION_REASON = 'Revoked in the test issuer';

/**
 * The machine tokens the issuer created, found by their secret (what a verify request sends) and
 * revoked by their id (what an admin knows), as in Clerk.
 */
export class MachineTokenStore {
  private readonly bySecret = new Map<string, StoredToken>();
  private readonly byId = new Map<string, StoredToken>();
  inactiveAnswer: InactiveTokenAnswer = 'not-found';

  add(kind: MachineTokenKind, secret: string, json: ClerkMachineTokenJson): void {
    const stored: StoredToken = { kind, json };
    this.bySecret.set(secret, stored);
    this.byId.set(json.id, stored);
  }

  /** Unknown ids throw: revoking nothing by a typo would make a revocation test pass for no reason. */
  revoke(kind: MachineTokenKind, id: string): void {
    const stored = this.byId.get(id);
    if (stored?.kind !== kind)
      throw new Error(`No ${kind} with id ${JSON.stringify(id)} in this test issuer`);
    stored.json.revoked = true;
    stored.json.revocation_reason = REVOCATION_REASON;
    stored.json.updated_at = Date.now();
  }

  /** The token's JSON as a verify endpoint answers it (`expired` as of now), or undefined for a 404. */
  verify(kind: MachineTokenKind, secret: string): ClerkMachineTokenJson | undefined {
    const stored = this.bySecret.get(secret);
    if (stored?.kind !== kind) return undefined;
    const now = Date.now();
    const { json } = stored;
    json.expired = json.expiration !== null && json.expiration <= now;
    const inactive = json.revoked || json.expired;
    if (inactive && this.inactiveAnswer === 'not-found') return undefined;
    if (json.object === 'api_key' && !inactive) json.last_used_at = now;
    return { ...json };
  }
}
