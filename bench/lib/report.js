import { fmtInt, fmtNum, fmtRatio, fmtSpread, pairedDifference, pairedRatio, ratio } from './stats.js';

const FRAMEWORKS = ['express', 'fastify', 'hono', 'connect'];
const VARIANT_LABEL = {
  bare: 'bare framework',
  jose: 'hand-written jose middleware',
  ours: 'sessionguard, repeated token',
  'ours-nocache': 'sessionguard, `tokenCache: false`',
  clerk: 'Clerk package',
  oauth2: 'express-oauth2-jwt-bearer',
};
const CLERK_PACKAGE = { express: '@clerk/express', fastify: '@clerk/fastify', hono: '@clerk/hono' };
const MICRO_ORDER = [
  'sessionguard verifyToken, first sight',
  'sessionguard verifyToken, first sight, cache off',
  'sessionguard verifyToken, repeated token',
  'sessionguard authenticateRequest, repeated token',
  'node:crypto verify (signature only)',
  'node:crypto verify, a new token each call',
  'jose jwtVerify, cached key',
  'fast-jwt, no cache',
  'fast-jwt, with cache',
  '@clerk/backend verifyToken (jwtKey)',
];

const mb = (bytes) => `${fmtNum(bytes / 1024 / 1024, 1)} MB`;

/** A ratio target: judged on the paired ratio, shown with the ratio of the medians beside it. */
function ratioTarget(label, a, b, goal) {
  const paired = pairedRatio(a, b);
  const ofMedians = ratio(a?.median, b?.median);
  const verdict = Number.isFinite(paired) ? (paired >= goal ? 'met' : '**missed**') : 'not run';
  return `| ${label} | ${fmtRatio(paired)} | ${fmtRatio(ofMedians)} | ≥ ${goal}× | ${verdict} |`;
}

function memoryTarget(label, megabytes, goal) {
  return `| ${label} | ${fmtNum(megabytes, 1)} MB | | ≤ ${goal} MB | ${megabytes <= goal ? 'met' : '**missed**'} |`;
}

export function renderReport(r) {
  const lines = [];
  const http = (fw, v) => r.http[`${fw}:${v}`];
  const scenario = (fw, v) => http(fw, v)?.reqPerSec;
  const microCase = (name) => r.micro[name];

  lines.push('# sessionguard benchmark results', '');
  lines.push(
    `Run ${r.startedAt} → ${r.finishedAt}; Node ${r.node}; ${r.cpus} × ${r.cpuModel}; ` +
      `load average at start ${r.loadAverageAtStart.map((n) => n.toFixed(2)).join(' / ')} (1/5/15 min), at end ${r.loadAverageAtEnd.map((n) => n.toFixed(2)).join(' / ')}.`,
  );
  lines.push(
    `${r.settings.rounds} interleaved rounds; HTTP ${r.settings.httpSeconds} s per scenario per round, in ${r.settings.httpTurns} turns that alternate with the other scenarios' (each server started and warmed up for 1 s once, then kept; p99 is the median of the turns'), ` +
      `${r.settings.connections} connections (autocannon), \`GET /me\` answering the user id, every response checked (status 200 and body). ` +
      `Micro ${r.settings.microSeconds} s per case per round, in 10 alternating slices. ` +
      (r.pinned
        ? 'Server (and micro/memory) processes pinned to CPU 0 with `taskset -c 0`, the load generator to CPU 1.'
        : '**Not pinned** (taskset unavailable or fewer than 2 CPUs).'),
  );
  lines.push(
    'Figures are medians of the rounds with the min–max spread in parentheses; a × column (and the auth CPU over bare) is the median of the round-by-round ratios (differences). RS256, 2048-bit key.',
    '',
  );

  lines.push('## Targets (from this run)', '');
  lines.push(
    'Each ratio is judged as the median of its round-by-round ratios (the cases of a round take turns, ' +
      'so each round compares like with like); the ratio of the two medians is shown beside it.',
    '',
  );
  lines.push('| target | measured | ratio of medians | goal | |', '|---|---:|---:|---:|---|');
  lines.push(
    ratioTarget(
      'first-sight `verifyToken` vs `node:crypto` verify',
      microCase(MICRO_ORDER[0]),
      microCase('node:crypto verify (signature only)'),
      0.9,
    ),
  );
  lines.push(
    ratioTarget(
      'repeated-token `verifyToken` vs fast-jwt with its cache',
      microCase(MICRO_ORDER[2]),
      microCase('fast-jwt, with cache'),
      1.0,
    ),
  );
  for (const [fw, goal] of [
    ['express', 0.9],
    ['fastify', 0.75],
    ['hono', 0.75],
  ]) {
    lines.push(
      ratioTarget(`${fw}: repeated token vs bare`, scenario(fw, 'ours'), scenario(fw, 'bare'), goal),
    );
  }
  for (const fw of ['express', 'fastify', 'hono']) {
    lines.push(
      ratioTarget(
        `${fw}: repeated token vs ${CLERK_PACKAGE[fw]}`,
        scenario(fw, 'ours'),
        scenario(fw, 'clerk'),
        5,
      ),
    );
  }
  for (const fw of ['express', 'fastify', 'hono']) {
    lines.push(
      ratioTarget(
        `${fw}: cache off vs hand-written jose`,
        scenario(fw, 'ours-nocache'),
        scenario(fw, 'jose'),
        0.9,
      ),
    );
    lines.push(
      ratioTarget(
        `${fw}: cache off vs ${CLERK_PACKAGE[fw]}`,
        scenario(fw, 'ours-nocache'),
        scenario(fw, 'clerk'),
        2,
      ),
    );
  }
  if (r.memory.requestBytes) {
    lines.push(
      memoryTarget(
        `heap added by ${fmtInt(r.memory.tokens)} cached tokens (\`authenticateRequest\`, full state)`,
        r.memory.requestBytes.median / 1024 / 1024,
        25,
      ),
    );
  }
  lines.push('');

  lines.push('## HTTP: `GET /me`', '');
  lines.push(
    '| framework | scenario | req/s | p99 ms | server CPU µs/req | auth CPU µs/req (over bare) | × bare | × jose | × Clerk |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  for (const fw of FRAMEWORKS) {
    for (const v of ['bare', 'jose', 'ours', 'ours-nocache', 'clerk', 'oauth2']) {
      const h = http(fw, v);
      if (!h) continue;
      const authCpu = pairedDifference(h.cpuMicrosPerReq, http(fw, 'bare')?.cpuMicrosPerReq);
      const label = v === 'clerk' ? `${VARIANT_LABEL[v]} (${CLERK_PACKAGE[fw]})` : VARIANT_LABEL[v];
      lines.push(
        `| ${fw} | ${label} | ${fmtSpread(h.reqPerSec)} | ${fmtSpread(h.p99Ms, (n) => fmtNum(n, 0))} | ` +
          `${fmtSpread(h.cpuMicrosPerReq, (n) => fmtNum(n, 1))} | ${v === 'bare' || !Number.isFinite(authCpu) ? '–' : fmtNum(authCpu, 1)} | ` +
          `${fmtRatio(pairedRatio(h.reqPerSec, scenario(fw, 'bare')))} | ${fmtRatio(pairedRatio(h.reqPerSec, scenario(fw, 'jose')))} | ` +
          `${fmtRatio(pairedRatio(h.reqPerSec, scenario(fw, 'clerk')))} |`,
      );
    }
  }
  const failed = Object.entries(r.http).filter(([, h]) => h.failures > 0);
  const sent = Object.values(r.http).reduce((n, h) => n + h.sent, 0);
  lines.push(
    '',
    failed.length === 0
      ? `All ${fmtInt(sent)} measured responses were 200 with the user id (non-2xx, errors, timeouts and body mismatches: 0).`
      : `**FAILED: ${failed.map(([k, h]) => `${k} (${h.failures})`).join(', ')} had non-2xx responses, errors or wrong bodies.**`,
    '',
  );

  lines.push('## Micro (one process, calls per second)', '');
  lines.push('| case | calls/s | × node:crypto verify | × fast-jwt cached |', '|---|---:|---:|---:|');
  for (const name of MICRO_ORDER) {
    const m = r.micro[name];
    if (!m) continue;
    lines.push(
      `| ${name} | ${fmtSpread(m)} | ${fmtRatio(pairedRatio(m, microCase('node:crypto verify (signature only)')))} | ${fmtRatio(pairedRatio(m, microCase('fast-jwt, with cache')))} |`,
    );
  }
  lines.push(
    '',
    'First sight walks a pool of 20,000 distinct tokens through an authenticator with the default cache ' +
      '(10,000 entries), so every call is a miss: decode, checks, signature, cache insert and eviction. ' +
      'The `node:crypto` case verifies the same signature with the key object and byte buffers prepared once; ' +
      'its "new token each call" row (for reference, no target reads it) verifies each pool token in turn, cutting ' +
      'and decoding its signing input and signature per call.',
    '',
  );

  lines.push('## Memory', '');
  if (r.memory.requestBytes) {
    lines.push(
      `${fmtInt(r.memory.tokens)} distinct tokens cached, heap after \`gc()\` minus heap before (token strings included). ` +
        `Each token presented twice, so the cache keeps its full state: through \`authenticateRequest\` (claims + the signed-in request state and auth object) ${mb(r.memory.requestBytes.median)} ` +
        `(${mb(r.memory.requestBytes.min)}–${mb(r.memory.requestBytes.max)}); through \`verifyToken\` (claims only) ` +
        `${mb(r.memory.verifyTokenBytes.median)} (${mb(r.memory.verifyTokenBytes.min)}–${mb(r.memory.verifyTokenBytes.max)}). ` +
        `Each token presented once (the cache keeps a small record; claims and state are kept from a token's first repeat on): ` +
        `${mb(r.memory.onceBytes.median)} (${mb(r.memory.onceBytes.min)}–${mb(r.memory.onceBytes.max)}).`,
      '',
    );
  }

  if (Object.keys(r.profiles ?? {}).length > 0) {
    lines.push('## CPU profile under load (sessionguard adapter, repeated token)', '');
    lines.push(
      'Share of busy (non-idle) samples in the server child, `--cpu-prof`, 3 s of load. A waste category counts a ' +
        'sample when any frame on its stack matches (startup frames excluded).',
      '',
    );
    const categories = Object.keys(Object.values(r.profiles).find((p) => p.waste)?.waste ?? {});
    lines.push(
      `| framework | busy | core \`authenticateRequest\` | ${categories.join(' | ')} |`,
      `|---|---:|---:|${categories.map(() => '---:').join('|')}|`,
    );
    for (const [fw, p] of Object.entries(r.profiles)) {
      if (!p.waste) continue;
      lines.push(
        `| ${fw} | ${fmtNum(p.busyPercent, 0)}% | ${fmtNum(p.coreAuthenticatePercentOfBusy, 1)}% | ${categories.map((c) => `${fmtNum(p.waste[c], 1)}%`).join(' | ')} |`,
      );
    }
    lines.push('');
    for (const [fw, p] of Object.entries(r.profiles)) {
      if (!p.top) continue;
      lines.push(`<details><summary>${fw}: top self time</summary>`, '', '| self | function |', '|---:|---|');
      for (const { name, percent } of p.top) lines.push(`| ${fmtNum(percent, 1)}% | \`${name}\` |`);
      lines.push('', '</details>', '');
    }
  }

  if (r.failures.length > 0) {
    lines.push('## Failures', '', ...r.failures.map((f) => `- ${f}`), '');
  }
  return `${lines.join('\n')}\n`;
}
