import { checkAudience } from '../claims/audience.js';
import { checkAuthorizedParty } from '../claims/authorized-party.js';
import { checkIssuer } from '../claims/issuer.js';
import type { SessionClaims } from '../claims/session-claims.js';
import { checkSessionStatus } from '../claims/session-status.js';
import { checkSubject } from '../claims/subject.js';
import { checkTimes } from '../claims/time.js';
import type { CryptoPlatform } from '../crypto/platform.js';
import { TokenVerificationErrorReason as Reason, TokenVerificationError } from '../errors.js';
import { keyFitsAlgorithm } from '../keys/key-algorithm.js';
import type { KeySource } from '../keys/key-source.js';
import type { ResolvedOptions } from '../options.js';
import { decodeJwt } from '../token/decode-jwt.js';
import { checkHeader } from '../token/header-checks.js';
import { type CachedVerification, VerifiedTokenCache } from './verified-token-cache.js';

/**
 * The verification pipeline of SPEC §4.1, in order; the first failure wins. Knows nothing of HTTP.
 * `Extra` is what the caller wants remembered per cached token (the auth object).
 */
export class TokenVerifier<Extra = never> {
  private readonly algorithms: ReadonlySet<string>;
  private readonly cache: VerifiedTokenCache<Extra> | undefined;

  constructor(
    private readonly options: ResolvedOptions,
    private readonly keys: KeySource,
    private readonly platform: CryptoPlatform,
  ) {
    this.algorithms = new Set(options.algorithms);
    this.cache = options.tokenCacheMax > 0 ? new VerifiedTokenCache(options.tokenCacheMax) : undefined;
  }

  /** Verifies and returns the cache entry, so callers can keep derived data with it. */
  async verifyEntry(token: string): Promise<CachedVerification<Extra>> {
    const { options } = this;
    const cached = this.cache?.get(token, this.keys.generation);
    if (cached !== undefined) {
      const now = options.now();
      if (!this.keys.isFresh(now)) {
        // Due for a refresh: let the key store refresh (or serve stale), then see if our key survived.
        const refreshed = this.keys.getKey(cached.kid);
        if (refreshed instanceof Promise) await refreshed;
      }
      if (cached.generation === this.keys.generation) {
        try {
          checkTimes(cached.claims, now, options.clockSkewInMs);
        } catch (error) {
          this.cache?.delete(token);
          throw error;
        }
        checkSessionStatus(cached.claims, options.treatPendingAsSignedOut);
        return cached;
      }
      this.cache?.delete(token);
    }

    const { header, payload, signingInput, signatureSegment } = decodeJwt(token, this.platform);
    const alg = checkHeader(header, this.algorithms);
    const keyResult = this.keys.getKey(header.kid);
    const key = keyResult instanceof Promise ? await keyResult : keyResult;
    // The key came from the set that is current now, so its generation stamps the cache entry.
    const generation = this.keys.generation;
    if (!keyFitsAlgorithm(key.info, alg)) {
      throw new TokenVerificationError(
        Reason.TokenInvalidAlgorithm,
        `The token algorithm "${alg}" does not fit the ${key.info.kty} key it names.`,
      );
    }
    const checked = key.check(alg, signingInput, signatureSegment);
    if (!(checked === true || (checked !== false && (await checked)))) {
      throw new TokenVerificationError(Reason.TokenInvalidSignature, 'The token signature is invalid.');
    }

    checkSubject(payload);
    checkAudience(payload, options.audience);
    checkAuthorizedParty(payload, options.authorizedParties);
    checkIssuer(payload, options.issuer);
    checkTimes(payload, options.now(), options.clockSkewInMs);

    const entry: CachedVerification<Extra> = {
      claims: payload,
      kid: header.kid,
      generation,
      extra: undefined,
    };
    this.cache?.set(token, entry);
    checkSessionStatus(payload, options.treatPendingAsSignedOut);
    return entry;
  }

  async verify(token: string): Promise<SessionClaims> {
    return (await this.verifyEntry(token)).claims;
  }
}
