import { SessionguardError } from '@sessionguard/core';

/**
 * Thrown by `setIfAbsent` when Redis failed or did not answer within `timeoutInMs`: a claim, unlike
 * a read, cannot be a miss, since "absent" would let the same webhook through on two instances.
 * The message names neither the key nor the value.
 */
export class RedisStoreUnavailableError extends SessionguardError<'redis-store-unavailable'> {
  override readonly name = 'RedisStoreUnavailableError';

  constructor(message: string) {
    super('redis-store-unavailable', message);
  }
}
