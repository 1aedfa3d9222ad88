// SPEC §9.4 over a real redis-server: two apps on one Redis store, one secret key, two machine
// secrets (one the issuer refuses). The scenario is tests/machine/credential-binding.ts.
import { createRedisStore } from '@sessionguard/redis';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkVerdictsBoundToCredential } from '../machine/credential-binding.js';
import { machineIssuerPerFile } from '../machine/helpers.js';
import { CLIENT_KINDS, type ConnectedClient, connectClient } from './clients.js';
import { type RedisServer, redisAvailable, startRedisServer } from './redis-server.js';

describe.skipIf(!redisAvailable).each(CLIENT_KINDS)(
  'verdicts bound to their credential, Redis over %s',
  (kind) => {
    const files = machineIssuerPerFile();
    let redis: RedisServer;
    let connected: ConnectedClient;

    beforeAll(async () => {
      redis = await startRedisServer();
      connected = await connectClient(kind, redis.port);
    });
    afterAll(async () => {
      await connected?.close();
      await redis?.stop();
    });

    it('a verdict got with one machine secret never serves an app with another', async () => {
      const prefix = `bound-${kind}:`;
      const store = createRedisStore(connected.client, { prefix });
      // What Redis holds under the store's prefix, read with a second connection.
      const keys = async (): Promise<string[]> => {
        const reader = await connectClient(kind, redis.port);
        try {
          const client = reader.client as unknown as { keys(pattern: string): Promise<string[]> };
          return await client.keys(`${prefix}*`);
        } finally {
          await reader.close();
        }
      };
      await checkVerdictsBoundToCredential(files.issuer, store, keys);
    });
  },
);
