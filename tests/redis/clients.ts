// The two clients the store supports, connected to one address, so every test runs against both.
import type { RedisClientLike } from '@sessionguard/redis';
import { Redis } from 'ioredis';
import { createClient } from 'redis';

export interface ConnectedClient {
  client: RedisClientLike;
  /** Raw commands for the test to look at what the store wrote. */
  get(key: string): Promise<string | null>;
  pttl(key: string): Promise<number>;
  rawSet(key: string, value: string): Promise<unknown>;
  close(): Promise<void>;
}

export type ClientKind = 'node-redis' | 'ioredis';
export const CLIENT_KINDS: ClientKind[] = ['node-redis', 'ioredis'];

/**
 * `connect: false` for a server that never answers: the client is made and connecting, and its
 * commands wait in its queue, which is what the store's timeout must cut.
 */
export async function connectClient(
  kind: ClientKind,
  port: number,
  connect = true,
): Promise<ConnectedClient> {
  if (kind === 'node-redis') {
    const client = createClient({ socket: { host: '127.0.0.1', port } });
    client.on('error', () => {}); // reconnects are expected in the fault tests
    if (connect) await client.connect();
    else void client.connect().catch(() => {});
    return {
      client,
      get: (key) => client.get(key),
      pttl: (key) => client.pTTL(key),
      rawSet: (key, value) => client.set(key, value),
      close: async () => {
        client.destroy();
      },
    };
  }
  const client = new Redis({ host: '127.0.0.1', port, lazyConnect: true, enableReadyCheck: connect });
  client.on('error', () => {});
  if (connect) await client.connect();
  else void client.connect().catch(() => {});
  return {
    client,
    get: (key) => client.get(key),
    pttl: (key) => client.pttl(key),
    rawSet: (key, value) => client.set(key, value),
    close: async () => {
      client.disconnect();
    },
  };
}
