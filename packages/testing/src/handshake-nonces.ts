import { randomHex } from './random.js';

/** How long a handshake nonce can be exchanged for its directives. */
export const NONCE_LIFETIME_MS = 60_000;

/** Directives parked under a nonce for `GET /v1/clients/handshake_payload`: each nonce works once. */
export class HandshakeNonces {
  private readonly parked = new Map<string, { directives: string[]; expiresAt: number }>();

  park(directives: string[]): string {
    const now = Date.now();
    for (const [nonce, entry] of this.parked) {
      if (entry.expiresAt <= now) this.parked.delete(nonce);
    }
    const nonce = randomHex(24);
    this.parked.set(nonce, { directives, expiresAt: now + NONCE_LIFETIME_MS });
    return nonce;
  }

  /** The directives, once; undefined for an unknown, used or expired nonce. */
  take(nonce: string | null): string[] | undefined {
    const entry = nonce === null ? undefined : this.parked.get(nonce);
    if (!entry || nonce === null) return undefined;
    this.parked.delete(nonce);
    return entry.expiresAt > Date.now() ? entry.directives : undefined;
  }
}
