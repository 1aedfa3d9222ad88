// node-redis emits 'error' when Redis dies, and an 'error' nobody listens to ends the process (13 ms
// after Redis died, before this fix). A node-redis client handed to createRedisStore never takes the
// process down: the store listens, and the README's example listens too. A real redis-server,
// killed (SIGKILL) and started again, under a real child process.
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, type Running, startServer } from '../demo/processes.js';
import { type RedisServer, redisAvailable, startRedisServer } from './redis-server.js';

const app = fileURLToPath(new URL('./apps/node-redis-client.mjs', import.meta.url));
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const ticks = (running: Running) => (running.stdout().match(/tick \d+/g) ?? []).length;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (condition()) return;
    await pause(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe.skipIf(!redisAvailable).each(['readme', 'bare'])(
  'a node-redis client (%s) when Redis dies',
  (mode) => {
    let redis: RedisServer;
    let running: Running;

    beforeAll(async () => {
      redis = await startRedisServer();
      running = await startServer(process.execPath, [app, mode], {
        cwd: fileURLToPath(new URL('./', import.meta.url)),
        env: cleanEnv({ REDIS_URL: redis.url }),
        ready: /ready/,
      });
    }, 30_000);
    afterAll(async () => {
      await running?.stop();
      await redis?.stop();
    });

    it('the process lives through the kill, and the store answers again after the restart', async () => {
      await until(() => ticks(running) >= 3, 'ticks');
      await redis.kill();
      const atKill = ticks(running);
      await pause(1_000);
      // Still ticking a second after Redis died: it did not exit.
      expect(ticks(running)).toBeGreaterThan(atKill + 5);
      expect(running.stdout()).toContain('redis store unavailable');
      expect(running.stderr()).not.toMatch(/Uncaught|ECONNREFUSED.*\n\s+at |node:events/);
      await redis.start();
      await until(() => running.stdout().includes('redis store answers again'), 'the store to answer');
      const afterRestart = ticks(running);
      await pause(300);
      expect(ticks(running)).toBeGreaterThan(afterRestart);
    }, 30_000);
  },
);
