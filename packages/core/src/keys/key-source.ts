import type { KeyInfo, SignatureCheck } from '../crypto/platform.js';
import type { MaybePromise } from '../types/maybe-promise.js';

/** One imported public key, ready to check signatures. */
export interface VerificationKey {
  readonly kid: string | undefined;
  readonly info: KeyInfo;
  readonly check: SignatureCheck;
}

/** Where verification keys come from: a PEM (static) or a JWKS endpoint (remote). */
export interface KeySource {
  /** Changes whenever the usable keys change, so cached verifications made with old keys lapse. */
  readonly generation: number;
  /** False once the keys are due for a refresh: cached verifications must then ask `getKey` again. */
  isFresh(nowMs: number): boolean;
  /** Throws TokenVerificationError (jwk-kid-mismatch, jwk-remote-failed-to-load, secret-key-invalid). */
  getKey(kid: unknown): MaybePromise<VerificationKey>;
}
