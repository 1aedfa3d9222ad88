// Where a first sight's time goes: `node ladder.js` (after `pnpm bench` has written the fixture and
// the token pool to results/, and the packages are built). Each step adds one part of verification
// to the one before; every case but the first walks the token pool on its own. Not part of
// `pnpm bench`, no target reads it. It reaches into the core's built modules, which are not public.
import { constants, createPublicKey, hash, verify as nodeVerify, publicDecrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createAuthenticator } from '@sessionguard/core';
import { nodePlatform } from '../packages/core/dist/crypto/node-platform.js';
import { createPemKeySource } from '../packages/core/dist/keys/pem-key-source.js';
import { resolveOptions } from '../packages/core/dist/options.js';
import { TokenVerifier } from '../packages/core/dist/verify/token-verifier.js';
import { slicedRound } from './lib/rounds.js';
import { median } from './lib/stats.js';

const RESULTS = join(dirname(fileURLToPath(import.meta.url)), 'results');
const fixture = JSON.parse(readFileSync(join(RESULTS, 'fixture.json'), 'utf8'));
const pool = JSON.parse(readFileSync(join(RESULTS, 'token-pool.json'), 'utf8'));
const { token, publicKeyPem: pem, userId } = fixture;

const keyObject = createPublicKey(pem);
const cut = token.lastIndexOf('.');
const preparedInput = Buffer.from(token.slice(0, cut), 'latin1');
const preparedSignature = Buffer.from(token.slice(cut + 1), 'base64url');
const rawKey = { key: keyObject, padding: constants.RSA_NO_PADDING };
// EMSA-PKCS1-v1_5 for a 2048-bit key: 224 bytes of padding and DigestInfo, then the SHA-256.
const encodedPrefix = publicDecrypt(rawKey, preparedSignature).subarray(0, 224);

const verifier = (tokenCache) =>
  new TokenVerifier(
    resolveOptions(tokenCache ? { jwtKey: pem } : { jwtKey: pem, tokenCache: false }, {}),
    createPemKeySource(pem, nodePlatform),
    nodePlatform,
  );
const verifierCacheOff = verifier(false);
const verifierCacheOn = verifier(true);
const authenticatorCacheOff = createAuthenticator({ jwtKey: pem, tokenCache: false });
const authenticatorCacheOn = createAuthenticator({ jwtKey: pem });

function check(sub) {
  if (sub !== userId) throw new Error(`unexpected result ${String(sub)}`);
}
function poolWalk() {
  let index = 0;
  return () => pool[index++ % pool.length];
}

const walks = Array.from({ length: 7 }, poolWalk);
const steps = {
  '`node:crypto` verify, one signature and buffers prepared once': (n) => {
    for (let i = 0; i < n; i++) {
      if (!nodeVerify('sha256', preparedInput, keyObject, preparedSignature)) throw new Error('bad');
    }
  },
  '`node:crypto` verify, a new token each call (cut and decoded per call)': (n) => {
    for (let i = 0; i < n; i++) {
      const next = walks[0]();
      const dot = next.lastIndexOf('.');
      const input = Buffer.from(next.slice(0, dot), 'latin1');
      if (!nodeVerify('sha256', input, keyObject, Buffer.from(next.slice(dot + 1), 'base64url'))) {
        throw new Error('bad');
      }
    }
  },
  'the bare minimum: `publicDecrypt`, SHA-256, payload base64url + `JSON.parse`': (n) => {
    for (let i = 0; i < n; i++) {
      const next = walks[1]();
      const first = next.indexOf('.');
      const last = next.lastIndexOf('.');
      const block = publicDecrypt(rawKey, Buffer.from(next.slice(last + 1), 'base64url'));
      if (block.compare(encodedPrefix, 0, 224, 0, 224) !== 0) throw new Error('bad');
      const digest = hash('sha256', Buffer.from(next.slice(0, last), 'latin1'), 'latin1');
      if (block.toString('latin1', 224) !== digest) throw new Error('bad');
      check(JSON.parse(Buffer.from(next.slice(first + 1, last), 'base64url').toString('utf8')).sub);
    }
  },
  '+ step-1, header, key and claim checks (`verifyEntry`, cache off)': (n) => {
    for (let i = 0; i < n; i++) check(verifierCacheOff.verifyEntry(walks[2]()).claims.sub);
  },
  '+ the token cache (a miss, an insert and an eviction per call)': (n) => {
    for (let i = 0; i < n; i++) check(verifierCacheOn.verifyEntry(walks[3]()).claims.sub);
  },
  '`verifyToken`, awaited, cache off': async (n) => {
    for (let i = 0; i < n; i++) check((await authenticatorCacheOff.verifyToken(walks[4]())).sub);
  },
  '`verifyToken`, awaited, cache on': async (n) => {
    for (let i = 0; i < n; i++) check((await authenticatorCacheOn.verifyToken(walks[5]())).sub);
  },
};

const ROUNDS = Number(process.env.LADDER_ROUNDS ?? 7);
const names = Object.keys(steps);
const microsPerCall = Object.fromEntries(names.map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  const warmupSeconds = round === 0 ? 0.3 : 0;
  const callsPerSecond = await slicedRound(steps, names, { seconds: 0.6, warmupSeconds });
  for (const name of names) microsPerCall[name].push(1e6 / callsPerSecond[name]);
}
const baseline = microsPerCall[names[0]];
console.log('| case | µs | ratio |\n|---|---:|---:|');
for (const name of names) {
  const ratio = median(microsPerCall[name].map((micros, round) => baseline[round] / micros));
  console.log(`| ${name} | ${median(microsPerCall[name]).toFixed(1)} | ${ratio.toFixed(2)} |`);
}
