import { fmtInt, fmtNum, fmtRatio, fmtSpread, ratio } from './stats.js';

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
  'jose jwtVerify, cached key',
  'fast-jwt, no cache',
  'fast-jwt, with cache',
  '@clerk/backend verifyToken (jwtKey)',
];

const mb = (bytes) => `${fmtNum(bytes / 1024 / 1024, 1)} MB`;

function target(label, value, goal, unit = '×') {
  const met = unit === 'MB' ? value <= goal : value >= goal;
  const shown = unit === 'MB' ? `${fmtNum(value, 1)} MB` : fmtRatio(value);
  const goalShown = unit === 'MB' ? `≤ ${goal} MB` : `≥ ${goal}×`;
  return `| ${label} | ${shown} | ${goalShown} | ${Number.isFinite(value) ? (met ? 'met' : '**missed**') : 'not run'} |`;
}

export function renderReport(r) {
  const lines = [];
  const micro = (name) => r.micro[name]?.median ?? Number.NaN;
  const http = (fw, v) => r.http[`${fw}:${v}`];
  const rps = (fw, v) => http(fw, v)?.reqPerSec.median ?? Number.NaN;

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
    'Figures are medians of the rounds with the min–max spread in parentheses. RS256, 2048-bit key.',
    '',
  );

  lines.push('## Targets (ratios of medians from this run)', '');
  lines.push('| target | measured | goal | |', '|---|---:|---:|---|');
  lines.push(
    target(
      'first-sight `verifyToken` vs `node:crypto` verify',
      ratio(micro(MICRO_ORDER[0]), micro('node:crypto verify (signature only)')),
      0.9,
    ),
  );
  lines.push(
    target(
      'repeated-token `verifyToken` vs fast-jwt with its cache',
      ratio(micro(MICRO_ORDER[2]), micro('fast-jwt, with cache')),
      1.0,
    ),
  );
  for (const [fw, goal] of [
    ['express', 0.9],
    ['fastify', 0.75],
    ['hono', 0.75],
  ]) {
    lines.push(target(`${fw}: repeated token vs bare`, ratio(rps(fw, 'ours'), rps(fw, 'bare')), goal));
  }
  for (const fw of ['express', 'fastify', 'hono']) {
    lines.push(
      target(`${fw}: repeated token vs ${CLERK_PACKAGE[fw]}`, ratio(rps(fw, 'ours'), rps(fw, 'clerk')), 5),
    );
  }
  for (const fw of ['express', 'fastify', 'hono']) {
    lines.push(
      target(`${fw}: cache off vs hand-written jose`, ratio(rps(fw, 'ours-nocache'), rps(fw, 'jose')), 0.9),
    );
    lines.push(
      target(`${fw}: cache off vs ${CLERK_PACKAGE[fw]}`, ratio(rps(fw, 'ours-nocache'), rps(fw, 'clerk')), 2),
    );
  }
  if (r.memory.requestBytes) {
    lines.push(
      target(
        `heap added by ${fmtInt(r.memory.tokens)} cached tokens (\`authenticateRequest\`, full state)`,
        r.memory.requestBytes.median / 1024 / 1024,
        25,
        'MB',
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
      const bareCpu = http(fw, 'bare')?.cpuMicrosPerReq.median;
      const label = v === 'clerk' ? `${VARIANT_LABEL[v]} (${CLERK_PACKAGE[fw]})` : VARIANT_LABEL[v];
      lines.push(
        `| ${fw} | ${label} | ${fmtSpread(h.reqPerSec)} | ${fmtSpread(h.p99Ms, (n) => fmtNum(n, 0))} | ` +
          `${fmtSpread(h.cpuMicrosPerReq, (n) => fmtNum(n, 1))} | ${v === 'bare' || bareCpu === undefined ? '–' : fmtNum(h.cpuMicrosPerReq.median - bareCpu, 1)} | ` +
          `${fmtRatio(ratio(h.reqPerSec.median, rps(fw, 'bare')))} | ${fmtRatio(ratio(h.reqPerSec.median, rps(fw, 'jose')))} | ` +
          `${fmtRatio(ratio(h.reqPerSec.median, rps(fw, 'clerk')))} |`,
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
      `| ${name} | ${fmtSpread(m)} | ${fmtRatio(ratio(m.median, micro('node:crypto verify (signature only)')))} | ${fmtRatio(ratio(m.median, micro('fast-jwt, with cache')))} |`,
    );
  }
  lines.push(
    '',
    'First sight walks a pool of 20,000 distinct tokens through an authenticator with the default cache ' +
      '(10,000 entries), so every call is a miss: decode, checks, signature, cache insert and eviction. ' +
      'The `node:crypto` case verifies the same signature with the key object and byte buffers prepared once.',
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
