// Micro benchmarks, all in this one process: `node micro.js` (fixture from BENCH_FIXTURE, pool from
// BENCH_POOL). Run by run.js over IPC: each { type: 'round', seconds } message runs every case once,
// in a rotating order, and answers { type: 'round-done', results: { [case]: opsPerSec } }.
// Standalone (no IPC): runs 3 rounds and prints the medians.
import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { verifyToken as clerkVerifyToken } from '@clerk/backend';
import { createAuthenticator } from '@sessionguard/core';
import { createVerifier } from 'fast-jwt';
import { importSPKI, jwtVerify } from 'jose';
import { slicedRound } from './lib/rounds.js';

const fixture = JSON.parse(readFileSync(process.env.BENCH_FIXTURE, 'utf8'));
const pool = JSON.parse(readFileSync(process.env.BENCH_POOL, 'utf8'));
const { token, publicKeyPem: pem, userId } = fixture;
if (pool.length < 20_000) throw new Error('the first-sight pool needs at least 20,000 tokens');

// Our authenticators: default token cache (10,000 entries) and cache off. First sight has its own,
// so its cache holds only the pool's tokens, as a server's would under a flood of new ones.
const ours = createAuthenticator({ jwtKey: pem });
const oursFirstSight = createAuthenticator({ jwtKey: pem });
const oursNoCache = createAuthenticator({ jwtKey: pem, tokenCache: false });
// node:crypto, the signature alone: key object, signing input and signature bytes all prepared once.
const keyObject = createPublicKey(pem);
const dot = token.lastIndexOf('.');
const signingInput = Buffer.from(token.slice(0, dot));
const signature = Buffer.from(token.slice(dot + 1), 'base64url');
// jose with the key imported once.
const joseKey = await importSPKI(pem, 'RS256');
// fast-jwt, without and with its cache (default key builder: it hashes the token).
const fastJwt = createVerifier({ key: pem, algorithms: ['RS256'] });
const fastJwtCached = createVerifier({ key: pem, algorithms: ['RS256'], cache: true });
// A request as Node's http parser would hand it over, for the whole authenticateRequest path.
const headerValue = `Bearer ${token}`;

function check(sub) {
  if (sub !== userId) throw new Error(`unexpected result ${String(sub)}`);
}

/**
 * A walk through the pool, in order. The pool (20,000) is twice the cache size (10,000), so a cache
 * never hits: every call is a first sight (decode, key lookup, signature, claims, cache insert and
 * eviction). Each case has its own walk: sharing one would let the two first-sight cases take turns
 * on the tokens, and the cached one would see a token again 10,000 of its own calls later, a hit.
 */
function poolWalk() {
  let index = 0;
  return () => pool[index++ % pool.length];
}
const firstSightTokens = poolWalk();
const noCacheTokens = poolWalk();
const newTokens = poolWalk();

/**
 * Each case runs `n` calls. An async case awaits each call inline, as a caller would: a wrapper
 * function of the harness's own per call would add an async frame and a second await, about 0.5 µs,
 * charged to the async cases only.
 */
export const cases = {
  'sessionguard verifyToken, first sight': async (n) => {
    for (let i = 0; i < n; i++) check((await oursFirstSight.verifyToken(firstSightTokens())).sub);
  },
  'sessionguard verifyToken, first sight, cache off': async (n) => {
    for (let i = 0; i < n; i++) check((await oursNoCache.verifyToken(noCacheTokens())).sub);
  },
  'sessionguard verifyToken, repeated token': async (n) => {
    for (let i = 0; i < n; i++) check((await ours.verifyToken(token)).sub);
  },
  'sessionguard authenticateRequest, repeated token': async (n) => {
    for (let i = 0; i < n; i++) {
      // A fresh header string each call, as the HTTP parser makes one per request.
      const request = { method: 'GET', url: '/me', headers: { authorization: `${headerValue} `.trimEnd() } };
      check((await ours.authenticateRequest(request)).auth.userId);
    }
  },
  'node:crypto verify (signature only)': (n) => {
    for (let i = 0; i < n; i++) {
      if (!nodeVerify('sha256', signingInput, keyObject, signature)) throw new Error('bad signature');
    }
  },
  // For reference only (no target reads it): the same call on each pool token in turn, its signing
  // input and signature cut from the token and decoded per call, as any verifier of new tokens must.
  'node:crypto verify, a new token each call': (n) => {
    for (let i = 0; i < n; i++) {
      const next = newTokens();
      const cut = next.lastIndexOf('.');
      const input = Buffer.from(next.slice(0, cut), 'latin1');
      if (!nodeVerify('sha256', input, keyObject, Buffer.from(next.slice(cut + 1), 'base64url'))) {
        throw new Error('bad signature');
      }
    }
  },
  'jose jwtVerify, cached key': async (n) => {
    for (let i = 0; i < n; i++)
      check((await jwtVerify(token, joseKey, { algorithms: ['RS256'] })).payload.sub);
  },
  'fast-jwt, no cache': (n) => {
    for (let i = 0; i < n; i++) check(fastJwt(token).sub);
  },
  'fast-jwt, with cache': (n) => {
    for (let i = 0; i < n; i++) check(fastJwtCached(token).sub);
  },
  '@clerk/backend verifyToken (jwtKey)': async (n) => {
    for (let i = 0; i < n; i++) check((await clerkVerifyToken(token, { jwtKey: pem })).sub);
  },
};

const names = Object.keys(cases);
let roundNumber = 0;

/** One round of every case (see slicedRound); the order rotates from round to round. */
export async function runRound(seconds, warmupSeconds) {
  const offset = roundNumber++ % names.length;
  const order = names.map((_, i) => names[(i + offset) % names.length]);
  return slicedRound(cases, order, { seconds, warmupSeconds });
}

if (process.send) {
  process.on('message', async (message) => {
    if (message.type === 'round') {
      const results = await runRound(message.seconds, message.warmupSeconds);
      process.send({ type: 'round-done', results });
    } else if (message.type === 'exit') process.exit(0);
  });
  process.on('disconnect', () => process.exit(0));
  process.send({ type: 'ready' });
} else {
  const all = {};
  for (let r = 0; r < 3; r++) {
    const results = await runRound(Number(process.env.BENCH_SECONDS ?? 1), 0.2);
    for (const [name, value] of Object.entries(results)) {
      all[name] ??= [];
      all[name].push(value);
    }
  }
  for (const [name, values] of Object.entries(all)) {
    const sorted = values.sort((a, b) => a - b);
    console.log(`${name.padEnd(52)} ${Math.round(sorted[1]).toLocaleString('en-US').padStart(12)}/s`);
  }
}
