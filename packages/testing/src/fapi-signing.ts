import type { SigningAlgorithm } from './algorithms.js';
import { signExactly } from './exact-jws.js';
import type { KeyRing } from './key-ring.js';
import { generateSigningKey, type SigningKey } from './keys.js';
import { buildSessionToken, SESSION_TOKEN_CATEGORY } from './mint.js';

/** What `setHandshakeFault` can break (SPEC §12.7). */
export type HandshakeFault = false | 'payload-down' | 'wrong-key' | 'expired-payload' | 'strip-set-cookie';

export const HANDSHAKE_FAULTS: readonly HandshakeFault[] = [
  false,
  'payload-down',
  'wrong-key',
  'expired-payload',
  'strip-set-cookie',
];

/** Clerk verifies handshake tokens with RS256, RS384 or RS512 only. */
const HANDSHAKE_ALGORITHMS: readonly string[] = ['RS256', 'RS384', 'RS512'];

/** Far enough back that even development's 24 h clock-skew retry refuses the session. */
const EXPIRED_PAYLOAD_AGE_SECONDS = 2 * 86_400;

export interface FapiSessionClaims {
  userId: string;
  sessionId: string;
  azp: string;
  lifetimeInSeconds: number;
  issuedAt?: number;
}

/**
 * Signs what the Frontend API hands out: session tokens and handshake tokens, with the instance's
 * keys, or (under a fault) with a key nobody publishes or already expired.
 */
export class FapiSigner {
  private readonly strayKeys = new Map<SigningAlgorithm, Promise<SigningKey>>();
  private handshakeKey: Promise<SigningKey> | undefined;

  constructor(
    private readonly keyRing: KeyRing,
    private readonly issuerUrl: string,
    private readonly modulusLength: number,
    private readonly fault: () => HandshakeFault,
  ) {}

  /** A session token signed now with the current key; `browserCookies` needs it synchronously. */
  sessionTokenNow(claims: FapiSessionClaims, key: SigningKey = this.keyRing.currentKey): string {
    const { header, payload } = buildSessionToken(
      {
        userId: claims.userId,
        sessionId: claims.sessionId,
        azp: claims.azp,
        expiresInSeconds: claims.lifetimeInSeconds,
        ...(claims.issuedAt === undefined ? {} : { issuedAt: claims.issuedAt }),
      },
      { url: this.issuerUrl, kid: key.kid, alg: key.alg },
    );
    return signExactly(key, header, JSON.stringify(payload));
  }

  /** A session token as the Frontend API mints it, faults applied. */
  async sessionToken(claims: FapiSessionClaims): Promise<string> {
    const fault = this.fault();
    const current = this.keyRing.currentKey;
    const key = fault === 'wrong-key' ? await this.strayKey(current.alg) : current;
    const issuedAt =
      fault === 'expired-payload'
        ? Math.floor(Date.now() / 1000) - EXPIRED_PAYLOAD_AGE_SECONDS
        : claims.issuedAt;
    return this.sessionTokenNow({ ...claims, ...(issuedAt === undefined ? {} : { issuedAt }) }, key);
  }

  /** `{ handshake: directives }`, signed with an RS key of the instance (see `handshakeSigningKey`). */
  async handshakeToken(directives: string[]): Promise<string> {
    const key =
      this.fault() === 'wrong-key' ? await this.strayKey('RS256') : await this.handshakeSigningKey();
    const header = { alg: key.alg, kid: key.kid, typ: 'JWT', cat: SESSION_TOKEN_CATEGORY };
    return signExactly(key, header, JSON.stringify({ handshake: directives }));
  }

  /**
   * The current key when it is RS256/384/512. An issuer made with another algorithm gets one RS256
   * key, made and published in its JWKS at its first handshake, since Clerk accepts no other.
   */
  private handshakeSigningKey(): Promise<SigningKey> {
    const current = this.keyRing.currentKey;
    if (HANDSHAKE_ALGORITHMS.includes(current.alg)) return Promise.resolve(current);
    this.handshakeKey ??= this.keyRing.addKey(
      { alg: 'RS256', modulusLength: Math.max(this.modulusLength, 2048) },
      true,
    );
    return this.handshakeKey;
  }

  /** A key of this algorithm that no JWKS publishes. */
  private strayKey(alg: SigningAlgorithm): Promise<SigningKey> {
    let key = this.strayKeys.get(alg);
    if (!key) {
      key = generateSigningKey({ alg, modulusLength: Math.max(this.modulusLength, 2048) });
      this.strayKeys.set(alg, key);
    }
    return key;
  }
}
