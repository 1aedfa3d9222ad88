import type { MaybePromise } from '../types/maybe-promise.js';
/** What a verification key is, independent of how a runtime holds it. */
export interface KeyInfo {
  kty: 'RSA' | 'EC' | 'OKP';
  /** EC curve (P-256, P-384, P-521) or OKP curve (Ed25519, Ed448). */
  crv: string | undefined;
  /** RSA modulus size in bits. */
  modulusBits: number | undefined;
  /** The `alg` the key was published for, when it names one. */
  alg: string | undefined;
}

export type PublicKeyMaterial =
  | { format: 'jwk'; jwk: Record<string, unknown> }
  | { format: 'spki'; der: Uint8Array };

/** Checks one signature. May be sync (node:crypto) or async (WebCrypto). */
export type SignatureCheck = (
  alg: string,
  signingInput: string,
  signatureSegment: string,
) => MaybePromise<boolean>;

/** A check already bound to one key and one `alg` that answers at once (node:crypto's kind). */
export type BoundSignatureCheck = (signingInput: string, signatureSegment: string) => boolean;

/**
 * The only runtime-specific part of verification: decoding token segments and checking signatures.
 * `node` uses node:crypto with cached KeyObjects; `webcrypto` runs anywhere with crypto.subtle.
 */
export interface CryptoPlatform {
  readonly name: 'node' | 'webcrypto';
  /** base64url segment → parsed JSON. Throws on bad input; the caller maps that to token-invalid. */
  decodeJsonSegment(segment: string): unknown;
  /** Imports once; the returned check is reused for every token signed by this key. Throws on a bad key. */
  createSignatureCheck(material: PublicKeyMaterial, info: KeyInfo): SignatureCheck;
  /**
   * SHA-256 of the UTF-8 text as lowercase hex (machine-token verdicts are stored under it). Node
   * answers at once; WebCrypto's digest is a promise, and on Node a trip through the threadpool.
   */
  sha256Hex(text: string): MaybePromise<string>;
}
