// A real redis-server (Debian's package) on 127.0.0.1 at a free port, persistence off, that a test
// can stop and start again on the same port. A clone without one skips the Redis tests with a
// visible line; under CI=true (where .ci/run installs it) that is a failure instead.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:net';

export const REDIS_SERVER = process.env.REDIS_SERVER_PATH ?? 'redis-server';
export const redisAvailable = spawnSync(REDIS_SERVER, ['--version'], { stdio: 'ignore' }).status === 0;

if (!redisAvailable) {
  if (process.env.CI) throw new Error(`CI needs ${REDIS_SERVER} (apt-get install redis-server)`);
  console.warn(`WARNING: no ${REDIS_SERVER} on this machine: the Redis tests are skipped`);
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}

export interface RedisServer {
  port: number;
  url: string;
  /** Stops the server (SIGTERM) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty (no persistence). */
  start(): Promise<void>;
  /** SIGSTOP: the server keeps its connections and answers nothing; commands queue in the kernel. */
  pause(): void;
  /** SIGCONT: the queued commands run, in order per connection. */
  resume(): void;
  /** SIGKILL, and waits for it to exit: no goodbye on the connections. */
  kill(): Promise<void>;
}

export async function startRedisServer(): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = () =>
    new Promise<void>((resolve, reject) => {
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'];
      const process = spawn(REDIS_SERVER, [...args, '--loglevel', 'notice'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = process;
      let output = '';
      process.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('Ready to accept connections')) resolve();
      });
      process.once('error', reject);
      process.once('exit', (code) => reject(new Error(`redis-server exited (${code}):\n${output}`)));
    });

  const end = async (signal: NodeJS.Signals) => {
    const running = child;
    child = undefined;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    if (signal === 'SIGTERM') running.kill('SIGCONT'); // a paused server must be able to exit
    running.kill(signal);
    await exited;
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    stop: () => end('SIGTERM'),
    start,
    pause: () => child?.kill('SIGSTOP'),
    resume: () => child?.kill('SIGCONT'),
    kill: () => end('SIGKILL'),
  };
}
