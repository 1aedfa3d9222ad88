// The RS* fast path (crypto/rsa-pkcs1-fast-path.ts) compares the whole EMSA-PKCS1-v1_5 block, not
// only the digest. Random signature bytes cannot show that: a block whose digest is right but whose
// padding or DigestInfo is not is a forgery (Bleichenbacher 2006, easiest with e = 3), and only the
// private key can make one here. So each case below is a crafted block raised to d with the raw RSA
// operation; the fast path, the node platform, crypto.verify and jose.jwtVerify must all agree, and
// only the one valid encoding verifies.
import {
  constants,
  createHash,
  generateKeyPairSync,
  type KeyObject,
  privateEncrypt,
  verify,
} from 'node:crypto';
import { nodePlatform } from '@sessionguard/core/internal/crypto/node-platform.js';
import { rsaPkcs1Check } from '@sessionguard/core/internal/crypto/rsa-pkcs1-fast-path.js';
import { importSPKI, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';

const ALGS = {
  RS256: { hash: 'sha256', prefix: '3031300d060960864801650304020105000420' },
  RS384: { hash: 'sha384', prefix: '3041300d060960864801650304020205000430' },
  RS512: { hash: 'sha512', prefix: '3051300d060960864801650304020305000440' },
} as const;
type Alg = keyof typeof ALGS;
/** SHA-256's DigestInfo without the NULL parameters: an encoding RFC 8017 allows readers to refuse. */
const SHA256_NO_NULL = '302f300b06096086480165030402010420';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** 00 01 ff…ff 00 DigestInfo digest, k bytes: the one valid encoding. */
function validBlock(k: number, prefixHex: string, digest: Buffer): Buffer {
  const tail = Buffer.concat([Buffer.from([0]), Buffer.from(prefixHex, 'hex'), digest]);
  return Buffer.concat([Buffer.from([0, 1]), Buffer.alloc(k - 2 - tail.length, 0xff), tail]);
}

/** Blocks that are not the valid encoding of `digest`, each changed in one way. */
function craftedBlocks(k: number, alg: Alg, digest: Buffer): Record<string, Buffer> {
  const { prefix } = ALGS[alg];
  const valid = validBlock(k, prefix, digest);
  const edit = (change: (block: Buffer) => void) => {
    const block = Buffer.from(valid);
    change(block);
    return block;
  };
  const separatorAt = k - digest.length - prefix.length / 2 - 1;
  const otherAlg = alg === 'RS256' ? 'RS512' : 'RS256';
  const garbageAfter = Buffer.alloc(8, 0x5a);
  return {
    'block type 02': edit((b) => {
      b[1] = 0x02;
    }),
    'leading byte 01': edit((b) => {
      b[0] = 0x01;
    }),
    'a padding byte fe': edit((b) => {
      b[2 + ((k * 7) % (separatorAt - 2))] = 0xfe;
    }),
    'padding bytes in the middle replaced by garbage': edit((b) => {
      b.fill(0x42, 10, 30);
    }),
    'no separator': edit((b) => {
      b[separatorAt] = 0xff;
    }),
    'DigestInfo of another hash': validBlock(k, ALGS[otherAlg].prefix, digest).subarray(0, k),
    'one DigestInfo byte changed': edit((b) => {
      b[separatorAt + 12]! ^= 0x01;
    }),
    'digest, then garbage at the end': Buffer.concat([
      validBlock(k - garbageAfter.length, prefix, digest),
      garbageAfter,
    ]),
    ...(alg === 'RS256' ? { 'DigestInfo without NULL': validBlock(k, SHA256_NO_NULL, digest) } : {}),
  };
}

interface Key {
  name: string;
  publicKey: KeyObject;
  privateKey: KeyObject;
  k: number;
}

function makeKey(name: string, publicExponent: number): Key {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent });
  return { name, publicKey, privateKey, k: 256 };
}

const keys = [makeKey('RSA 2048, e = 65537', 65537), makeKey('RSA 2048, e = 3', 3)];

async function joseVerdict(token: string, publicKey: KeyObject, alg: Alg): Promise<boolean> {
  const key = await importSPKI(publicKey.export({ format: 'pem', type: 'spki' }).toString(), alg);
  try {
    await jwtVerify(token, key, { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}

describe('RS* fast path: only the one valid EMSA-PKCS1-v1_5 block verifies', () => {
  for (const key of keys) {
    for (const alg of Object.keys(ALGS) as Alg[]) {
      it(`${key.name}, ${alg}: crafted blocks agree with crypto.verify and jose, and are refused`, async () => {
        const signingInput = `${b64({ alg, typ: 'JWT' })}.${b64({ sub: 'user_1' })}`;
        const digest = createHash(ALGS[alg].hash).update(signingInput).digest();
        const fast = rsaPkcs1Check(alg, key.publicKey)!;
        const der = new Uint8Array(key.publicKey.export({ format: 'der', type: 'spki' }));
        const ours = nodePlatform.createSignatureCheck(
          { format: 'spki', der },
          { kty: 'RSA', crv: undefined, modulusBits: 2048, alg: undefined },
        );
        const raw = { key: key.privateKey, padding: constants.RSA_NO_PADDING };
        const verdicts = async (block: Buffer) => {
          const signature = privateEncrypt(raw, block);
          const segment = signature.toString('base64url');
          return {
            fast: fast(signingInput, segment),
            ours: await ours(alg, signingInput, segment),
            plain: verify(ALGS[alg].hash, Buffer.from(signingInput), key.publicKey, signature),
            jose: await joseVerdict(`${signingInput}.${segment}`, key.publicKey, alg),
          };
        };
        const all = (verdict: boolean) => ({ fast: verdict, ours: verdict, plain: verdict, jose: verdict });
        // The construction is right: the valid block, raised to d, is the signature crypto.sign makes.
        expect(await verdicts(validBlock(key.k, ALGS[alg].prefix, digest))).toEqual(all(true));
        for (const [name, block] of Object.entries(craftedBlocks(key.k, alg, digest))) {
          expect(block.length, name).toBe(key.k);
          expect(await verdicts(block), name).toEqual(all(false));
        }
      });
    }
  }
});
