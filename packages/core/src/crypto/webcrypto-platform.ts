import { decodeBase64UrlToBinaryString, decodeBase64UrlToBytes } from '../util/base64.js';
import { sha256Hex } from '../util/sha256.js';
import type { CryptoPlatform, KeyInfo, PublicKeyMaterial, SignatureCheck } from './platform.js';

// ignoreBOM keeps a leading U+FEFF in the text (so JSON.parse refuses it), as Buffer does on node:
// otherwise a header or payload with a byte-order mark would be a token on one runtime and not the other.
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });
const encoder = new TextEncoder();

function hashOf(alg: string): string {
  return `SHA-${alg.slice(2)}`;
}

function importParams(alg: string, info: KeyInfo): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  switch (alg.slice(0, 2)) {
    case 'RS':
      return { name: 'RSASSA-PKCS1-v1_5', hash: hashOf(alg) };
    case 'PS':
      return { name: 'RSA-PSS', hash: hashOf(alg) };
    case 'ES':
      return { name: 'ECDSA', namedCurve: info.crv ?? '' };
    default:
      return { name: info.crv ?? 'Ed25519' };
  }
}

function verifyParams(alg: string): AlgorithmIdentifier | RsaPssParams | EcdsaParams {
  switch (alg.slice(0, 2)) {
    case 'RS':
      return { name: 'RSASSA-PKCS1-v1_5' };
    case 'PS':
      return { name: 'RSA-PSS', saltLength: Number(alg.slice(2)) / 8 };
    case 'ES':
      return { name: 'ECDSA', hash: hashOf(alg) };
    default:
      return { name: 'Ed25519' };
  }
}

function importFor(material: PublicKeyMaterial, alg: string, info: KeyInfo): Promise<CryptoKey> {
  const params = importParams(alg, info);
  if (material.format === 'spki') {
    return crypto.subtle.importKey('spki', material.der as BufferSource, params, false, ['verify']);
  }
  const { alg: _alg, key_ops: _ops, use: _use, ...jwk } = material.jwk;
  return crypto.subtle.importKey('jwk', jwk as JsonWebKey, params, false, ['verify']);
}

export const webCryptoPlatform: CryptoPlatform = {
  name: 'webcrypto',
  sha256Hex,

  decodeJsonSegment(segment: string): unknown {
    return JSON.parse(utf8.decode(decodeBase64UrlToBytes(segment)));
  },

  createSignatureCheck(material: PublicKeyMaterial, info: KeyInfo): SignatureCheck {
    // WebCrypto binds a key to one algorithm, so import lazily per alg and keep each import.
    const keysByAlg = new Map<string, Promise<CryptoKey>>();
    return async (alg, signingInput, signatureSegment) => {
      let key = keysByAlg.get(alg);
      if (key === undefined) {
        key = importFor(material, alg, info);
        keysByAlg.set(alg, key);
      }
      try {
        const signature = decodeBase64UrlToBinaryString(signatureSegment);
        const bytes = new Uint8Array(signature.length);
        for (let i = 0; i < signature.length; i++) bytes[i] = signature.charCodeAt(i);
        return await crypto.subtle.verify(verifyParams(alg), await key, bytes, encoder.encode(signingInput));
      } catch {
        return false;
      }
    };
  },
};
