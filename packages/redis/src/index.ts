export type { IoRedisClientLike, NodeRedisClientLike, RedisClientLike } from './clients.js';
export {
  createRedisStore,
  DEFAULT_PREFIX,
  DEFAULT_TIMEOUT_IN_MS,
  type RedisStoreOptions,
} from './redis-store.js';
