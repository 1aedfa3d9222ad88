// Reads V8 .cpuprofile files. `node lib/profile-summary.js <file|dir> [n]` prints the top self-time
// functions and the per-request-waste scan that run.js reports.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** The core's per-request entry points (the adapters call the eager one). */
const CORE_ENTRY = /^authenticateRequest(Eagerly)?$/;

/** Things that must not run per request once the app is up (reported as share of busy samples). */
const WASTE = {
  'key import': /^(createPublicKey|importKey|parsePublicKeyPem|createSignatureCheck|createPemKeySource)$/,
  'option resolution / merge': /^(resolveOptions|createAuthenticator|createAuthenticatorWith|optionsKey)$/,
  'matcher / RegExp construction': /^(createRouteMatcher|createExclusionMatcher|compilePattern|RegExp)$/,
  'publishable-key hashing': /^(cookieSuffixFromPublishableKey|frontendApiFromPublishableKey|sha1)$/,
  'token decoding': /^(decodeJwt|decodeJsonSegment|checkHeader)$/,
  'signature check': /^(verifyWithKey|publicDecrypt|verifyOneShot|verify)$/,
  'WHATWG Request/Headers built':
    /^(newRequestFromIncoming|newHeadersFromIncoming|get headers|Request|Headers)$/,
};

function shortUrl(url) {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\/\.pnpm\/[^/]+\/node_modules\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*\/(packages|bench)\//, '$1/');
}

function loadProfile(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  return { profile, byId, parent };
}

/** Top self-time functions of one profile. */
export function summarizeProfile(file, top = 25) {
  const { profile, byId } = loadProfile(file);
  const counts = new Map();
  for (const id of profile.samples) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${shortUrl(url)}${url ? `:${lineNumber + 1}` : ''}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, count]) => ({ name, percent: (100 * count) / total }));
}

/**
 * The profile of one server run: busy share, top self-time functions (idle excluded), the inclusive
 * share of the core's authenticateRequest(Eagerly), and the waste scan (inclusive, any frame on the stack).
 */
export function scanProfile(dir, window) {
  const file = readdirSync(dir)
    .filter((f) => f.endsWith('.cpuprofile'))
    .map((f) => join(dir, f))
    .sort((a, b) => statSync(b).size - statSync(a).size)[0];
  if (!file) return { error: 'no profile written' };
  const { profile, byId, parent } = loadProfile(file);
  const selfCounts = new Map();
  const waste = Object.fromEntries(Object.keys(WASTE).map((k) => [k, 0]));
  let busy = 0;
  let core = 0;
  let startup = 0;
  let inWindow = 0;
  let time = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    time += profile.timeDeltas[i];
    // Only the measured load, when the window is known (startup and teardown cut away).
    if (window && (time < window.startUs || time > window.stopUs)) continue;
    inWindow++;
    const id = profile.samples[i];
    const frame = byId.get(id).callFrame;
    if (frame.functionName === '(idle)') {
      continue;
    }
    busy++;
    const key = `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;
    selfCounts.set(key, (selfCounts.get(key) ?? 0) + 1);
    const hits = new Set();
    let inCore = false;
    let inStartup = false;
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const { functionName, url } = byId.get(at).callFrame;
      if (CORE_ENTRY.test(functionName) && url.includes('/core/')) inCore = true;
      // Module loading and app construction happen before the load: not per request.
      if (/^(compileSourceTextModule|moduleEvaluation|runEntryPointWithESMLoader|import)$/.test(functionName))
        inStartup = true;
      for (const [category, pattern] of Object.entries(WASTE))
        if (pattern.test(functionName)) hits.add(category);
    }
    if (inStartup) {
      startup++;
      continue;
    }
    if (inCore) core++;
    for (const category of hits) waste[category]++;
  }
  const pct = (n) => (busy > 0 ? (100 * n) / busy : 0);
  return {
    file: shortUrl(file),
    samples: inWindow,
    busyPercent: inWindow > 0 ? (100 * busy) / inWindow : 0,
    startupPercentOfBusy: pct(startup),
    coreAuthenticatePercentOfBusy: pct(core),
    top: [...selfCounts]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([name, count]) => ({ name, percent: pct(count) })),
    waste: Object.fromEntries(Object.entries(waste).map(([k, n]) => [k, pct(n)])),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const target = process.argv[2];
  if (statSync(target).isDirectory()) console.log(JSON.stringify(scanProfile(target), null, 2));
  else
    for (const { name, percent } of summarizeProfile(target, Number(process.argv[3] ?? 25))) {
      console.log(`${percent.toFixed(1).padStart(5)}%  ${name}`);
    }
}
