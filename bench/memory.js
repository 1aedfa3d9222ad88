// Heap cost of the verified-token cache: `node --expose-gc memory.js` (BENCH_FIXTURE, BENCH_POOL).
// Tokens are read from the pool file's bytes (off-heap) one at a time, so each is a fresh string that
// only the cache keeps: the difference counts the token strings too, as in a server.
import { readFileSync } from 'node:fs';
import { createAuthenticator } from '@sessionguard/core';

if (typeof globalThis.gc !== 'function') throw new Error('run with --expose-gc');
const COUNT = 10_000;
const fixture = JSON.parse(readFileSync(process.env.BENCH_FIXTURE, 'utf8'));
const bytes = readFileSync(process.env.BENCH_POOL); // a JSON array of strings, kept as a Buffer

/** Yields each token of the pool as a new string, without parsing the whole file onto the heap. */
function* tokens(limit) {
  let at = bytes.indexOf(0x22); // "
  for (let n = 0; n < limit && at !== -1; n++) {
    const end = bytes.indexOf(0x22, at + 1);
    yield bytes.latin1Slice(at + 1, end);
    at = bytes.indexOf(0x22, end + 1);
  }
}

function heapUsed() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/**
 * `sights` is how many times each token is presented. A token seen once keeps a small record; the claims
 * and the signed-in state are kept from its first repeat on, so two sights measure the full footprint.
 */
async function measure(mode, sights) {
  const authenticator = createAuthenticator({ jwtKey: fixture.publicKeyPem });
  // Warm the code paths on one token, so compiled code is not counted as cache.
  for (const token of tokens(1)) {
    if (mode === 'request')
      await authenticator.authenticateRequest({ headers: { authorization: `Bearer ${token}` } });
    else await authenticator.verifyToken(token);
  }
  const before = heapUsed();
  let signedIn = 0;
  for (const token of tokens(COUNT)) {
    for (let sight = 0; sight < sights; sight++) {
      if (mode === 'request') {
        // A new header string each time, as the HTTP parser makes one per request.
        const state = await authenticator.authenticateRequest({
          headers: { authorization: `Bearer ${token}${''.padEnd(sight)}`.trimEnd() },
        });
        if (state.status === 'signed-in') signedIn++;
      } else {
        await authenticator.verifyToken(token);
        signedIn++;
      }
    }
  }
  const after = heapUsed();
  if (signedIn !== COUNT * sights)
    throw new Error(`only ${signedIn} of ${COUNT * sights} verifications signed in`);
  // Keep the authenticator (and its cache) alive until after the measurement.
  if (!authenticator.options) throw new Error('unreachable');
  return after - before;
}

const result = {
  tokens: COUNT,
  // Each token seen twice: the claims and the signed-in request state (auth object) are kept per token.
  requestBytes: await measure('request', 2),
  // Each token seen twice through verifyToken: the claims are kept.
  verifyTokenBytes: await measure('verify', 2),
  // Each token seen once: only the small record (token, kid, key-set generation) is kept.
  onceBytes: await measure('request', 1),
};
if (process.send) {
  process.send({ type: 'memory', result });
  process.disconnect();
} else console.log(JSON.stringify(result));
