import { checkAudience } from '../claims/audience.js';
import { checkAuthorizedParty } from '../claims/authorized-party.js';
import { deepFreeze } from '../claims/deep-freeze.js';
import { checkIssuer } from '../claims/issuer.js';
import { checkSessionStatus } from '../claims/session-status.js';
import { checkSubject } from '../claims/subject.js';
import { checkTimes } from '../claims/time.js';
import type { CryptoPlatform } from '../crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import { type AlgorithmPolicy, type AlgorithmSettings, algorithmPolicy } from '../keys/algorithm-policy.js';
import type { KeySource, VerificationKey } from '../keys/key-source.js';
import { type DecodedJwt, decodeJwt } from '../token/decode-jwt.js';
import { checkHeader } from '../token/header-checks.js';
import { decodeMachineJwt } from '../token/machine-jwt.js';
import { decodeSessionToken } from '../token/session-token.js';
import type { IssuerOption } from '../types/issuer-option.js';
import { isPromise, type MaybePromise } from '../types/maybe-promise.js';
import type { SessionClaims } from '../types/session-claims.js';
import { type CachedToken, VerifiedTokenCache } from './verified-token-cache.js';

function invalidSignature(): TokenVerificationError {
  return new TokenVerificationError(Reason.TokenInvalidSignature, 'The token signature is invalid.');
}

/** What the pipeline reads, as resolved: the claim checks' options, the clock and the cache bound. */
export interface VerifierSettings extends AlgorithmSettings {
  readonly audience: readonly string[] | undefined;
  readonly authorizedParties: readonly string[];
  readonly issuer: IssuerOption | undefined;
  readonly clockSkewInMs: number;
  readonly treatPendingAsSignedOut: boolean;
  /** 0 turns the verified-token cache off. */
  readonly tokenCacheMax: number;
  readonly now: () => number;
}

/** A verified token, as the verifier hands it out. */
export interface Verification {
  readonly claims: SessionClaims;
  /** The token as first verified: the one string kept for it, whichever request brings it back. */
  readonly token: string;
  /**
   * True when this object is kept with the cached token (from its first repeat on) and handed out
   * again for every repeat: a caller may then key what it derives from it by identity. False for a
   * first sight or with the cache off: a new object each time, kept nowhere.
   */
  readonly kept: boolean;
}

/**
 * What a verifier accepts: session tokens (SPEC §4.1) or JWT machine tokens (§9.3: M2M JWTs and
 * RFC 9068 access tokens, with the same keys, algorithms and time checks, but no session claims).
 */
export type VerifierKind = 'session' | 'machine-jwt';

/**
 * The verification pipeline of SPEC §4.1, in order; the first failure wins. Knows nothing of HTTP
 * or request states: what a caller derives from a verification, the caller keeps. One instance per
 * kind, so a machine JWT's cache entry can never answer a session-token check.
 */
export class TokenVerifier {
  private readonly algorithms: AlgorithmPolicy;
  private readonly cache: VerifiedTokenCache<Verification> | undefined;
  private readonly session: boolean;

  constructor(
    private readonly options: VerifierSettings,
    private readonly keys: KeySource,
    private readonly platform: CryptoPlatform,
    kind: VerifierKind = 'session',
  ) {
    this.session = kind === 'session';
    this.algorithms = algorithmPolicy(options);
    this.cache = options.tokenCacheMax > 0 ? new VerifiedTokenCache(options.tokenCacheMax) : undefined;
  }

  /**
   * Verifies and returns the claims. A cached token whose key set is fresh is answered synchronously (a value, or a thrown
   * TokenVerificationError): no promise on the hot path. Everything else returns a promise.
   */
  verifyEntry(token: string): MaybePromise<Verification> {
    const cached = this.cache?.get(token, this.keys.generation);
    if (cached === undefined) return this.verifyUncached(token);
    const now = this.options.now();
    if (!this.keys.isFresh(now)) return this.revalidate(token, cached, now);
    return this.checkCached(token, cached, now);
  }

  /**
   * The claims of a session token verified before and kept (from its first repeat on), by the exact
   * string; else undefined. Reads only: no verdict (the times and the key set are not checked), no
   * use recorded. Such a token passed decodeSessionToken, and its claims are decodeJwt's payload.
   */
  knownClaims(token: string): SessionClaims | undefined {
    return this.session ? this.cache?.peek(token)?.verification?.claims : undefined;
  }

  /** Steps 11–14 against the current clock, for a token whose signature was checked before. */
  private checkCached(token: string, cached: CachedToken<Verification>, now: number): Verification {
    const { options } = this;
    // The claims are a pure function of the token and passed steps 7–10 when it was first verified.
    // Frozen all the way down: every repeat reads them, the time checks below included (§5).
    cached.verification ??= {
      claims: deepFreeze(decodeJwt(cached.token, this.platform).payload),
      token: cached.token,
      kept: true,
    };
    const { verification } = cached;
    try {
      checkTimes(verification.claims, now, options.clockSkewInMs);
    } catch (error) {
      this.cache?.delete(token);
      throw error;
    }
    if (this.session) checkSessionStatus(verification.claims, options.treatPendingAsSignedOut);
    return verification;
  }

  /** The key set is due for a refresh: let the key store refresh (or serve stale), then see if our key survived. */
  private async revalidate(
    token: string,
    cached: CachedToken<Verification>,
    now: number,
  ): Promise<Verification> {
    const refreshed = this.keys.getKey(cached.kid);
    if (isPromise(refreshed)) await refreshed;
    if (cached.generation === this.keys.generation) return this.checkCached(token, cached, now);
    this.cache?.delete(token);
    return this.verifyUncached(token);
  }

  /**
   * Steps 1–13 for a token not in the cache. Synchronous when the key is at hand and the platform
   * checks signatures synchronously (node:crypto); a promise only when something must be awaited.
   */
  private verifyUncached(token: string): MaybePromise<Verification> {
    const decoded = this.session
      ? decodeSessionToken(token, this.platform)
      : decodeMachineJwt(token, this.platform);
    const alg = checkHeader(decoded.header, this.algorithms.allowed);
    const keyResult = this.keys.getKey(decoded.header.kid);
    if (isPromise(keyResult)) return keyResult.then((key) => this.verifyWithKey(token, decoded, alg, key));
    return this.verifyWithKey(token, decoded, alg, keyResult);
  }

  private verifyWithKey(
    token: string,
    decoded: DecodedJwt,
    alg: string,
    key: VerificationKey,
  ): MaybePromise<Verification> {
    // The key came from the set that is current now, so its generation stamps the cache entry.
    const generation = this.keys.generation;
    if (!this.algorithms.fits(key.info, alg)) {
      throw new TokenVerificationError(
        Reason.TokenInvalidAlgorithm,
        `The token algorithm "${alg}" is not one the ${key.info.kty} key it names verifies.`,
      );
    }
    const checked = key.check(alg, decoded.signingInput, decoded.signatureSegment);
    if (checked === true) return this.acceptSigned(token, decoded, generation);
    if (checked === false) throw invalidSignature();
    return checked.then((valid) => {
      if (!valid) throw invalidSignature();
      return this.acceptSigned(token, decoded, generation);
    });
  }

  /** Steps 7–14 once the signature holds; caches the verification before the `sts` check, as always. */
  private acceptSigned(token: string, decoded: DecodedJwt, generation: number): Verification {
    const { options } = this;
    const { header, payload } = decoded;
    checkSubject(payload);
    checkAudience(payload, options.audience);
    // azp and sts are a browser session's claims; a machine token has neither.
    if (this.session) checkAuthorizedParty(payload, options.authorizedParties);
    checkIssuer(payload, options.issuer);
    checkTimes(payload, options.now(), options.clockSkewInMs);

    this.cache?.set(token, header.kid, generation);
    if (this.session) checkSessionStatus(payload, options.treatPendingAsSignedOut);
    // Not the cache's record: a verification is kept only for a token that comes back. Frozen as a
    // kept one is, so a handler sees the same claims on a first sight and on a repeat (§5).
    return { claims: deepFreeze(payload), token, kept: false };
  }
}
