// A process that hands a node-redis client to createRedisStore, built as argv[2] says: `readme`,
// exactly as packages/redis/README.md shows it, or `bare`, with no 'error' listener of its own.
// It reads through the store every 50 ms and prints a tick, so the test sees it is still alive.
import { createRedisStore } from '@sessionguard/redis';
import { createClient } from 'redis';

const mode = process.argv[2];
const lines = { debug: (message) => console.log(message) };

let redis;
if (mode === 'readme') {
  // From the README, word for word:
  redis = createClient({ url: process.env.REDIS_URL });
  redis.on('error', (error) => console.warn('redis:', error.message)); // without it, node-redis ends the process
  await redis.connect();
} else {
  redis = await createClient({ url: process.env.REDIS_URL }).connect();
}
const store = createRedisStore(redis, { logger: lines });

let ticks = 0;
setInterval(async () => {
  await store.get('probe');
  ticks += 1;
  console.log(`tick ${ticks}`);
}, 50);
console.log('ready');
