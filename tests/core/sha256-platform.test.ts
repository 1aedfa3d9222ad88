// The node platform's synchronous SHA-256 (node:crypto's one-shot hash, else createHash), which names machine-token
// verdicts in the cache store, checked against the plain way (WebCrypto's digest, the other
// platform's) and against known vectors: the same key on every runtime, so instances on Node and on
// Deno or workerd share one Redis.
import { nodePlatform } from '@sessionguard/core/internal/crypto/node-platform.js';
import { webCryptoPlatform } from '@sessionguard/core/internal/crypto/webcrypto-platform.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

describe('CryptoPlatform.sha256Hex', () => {
  it('answers known vectors on both platforms, the node one at once (no promise)', async () => {
    const vectors: Array<[string, string]> = [
      ['', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
      ['abc', 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ];
    for (const [text, hex] of vectors) {
      const fromNode = nodePlatform.sha256Hex(text);
      expect(typeof fromNode).toBe('string');
      expect(fromNode).toBe(hex);
      expect(await webCryptoPlatform.sha256Hex(text)).toBe(hex);
    }
  });

  it('the node platform agrees with WebCrypto on any text, API-key-like or not', async () => {
    const apiKeyLike = fc
      .uint8Array({ minLength: 0, maxLength: 64 })
      .map((bytes) => `ak_${Buffer.from(bytes).toString('hex')}`);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(apiKeyLike, fc.string({ unit: 'grapheme', maxLength: 200 })),
        async (text) => {
          expect(nodePlatform.sha256Hex(text)).toBe(await webCryptoPlatform.sha256Hex(text));
        },
      ),
      { numRuns: 500 },
    );
  });
});
