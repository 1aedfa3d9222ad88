/**
 * Runs `run(n)` (a case that makes `n` calls) in growing batches for about `seconds`; returns
 * { calls, ms }.
 */
export async function measure(run, seconds) {
  const deadline = performance.now() + seconds * 1000;
  const start = performance.now();
  let calls = 0;
  let batch = 64;
  while (performance.now() < deadline) {
    await run(batch);
    calls += batch;
    if (batch < 4096) batch *= 2;
  }
  return { calls, ms: performance.now() - start };
}

/**
 * One round: each case in `order` is warmed up for `warmupSeconds`, then gets `seconds` in all, in
 * `slices` turns that alternate between the cases, so a slow spell of the machine (2 shared cores)
 * falls on every case alike instead of on whichever case was running then. Returns calls per second
 * by case name.
 */
export async function slicedRound(cases, order, { seconds, warmupSeconds = 0, slices = 10 }) {
  for (const name of order) await measure(cases[name], warmupSeconds);
  const totals = Object.fromEntries(order.map((name) => [name, { calls: 0, ms: 0 }]));
  for (let slice = 0; slice < slices; slice++) {
    for (const name of order) {
      const { calls, ms } = await measure(cases[name], seconds / slices);
      totals[name].calls += calls;
      totals[name].ms += ms;
    }
  }
  return Object.fromEntries(order.map((name) => [name, totals[name].calls / (totals[name].ms / 1000)]));
}
