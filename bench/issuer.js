// The test issuer in a process of its own (`node issuer.js`, started by run.js): it writes the
// fixture (lib/fixture.js), then serves the JWKS and the Backend API on 127.0.0.1 for the whole run.
// It is pinned with the load generator, never on the servers' core, as a remote Backend API would be.
// IPC: -> { type: 'ready', fixturePath, poolPath }
//      <- { type: 'stats' } -> { type: 'stats', stats }   (the issuer's counters, read in place)
//      <- { type: 'exit' }
import { createFixture } from './lib/fixture.js';

const poolSize = Number(process.env.BENCH_POOL_SIZE ?? 20_000);
const { issuer, fixturePath, poolPath } = await createFixture({ poolSize });

process.on('message', async (message) => {
  if (message.type === 'stats') process.send({ type: 'stats', stats: { ...issuer.stats } });
  else if (message.type === 'exit') {
    await issuer.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));
process.send({ type: 'ready', fixturePath, poolPath });
