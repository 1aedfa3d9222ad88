import type { Logger } from '@sessionguard/core';
import type { StoreFault } from './deadline.js';

/**
 * Logs the first fault of a burst, and one line when the store answers again with how many were
 * not logged: Redis down under load must not write a line per request. Never a key or a value.
 */
export function createFaultLog(logger: Logger | undefined) {
  let failing = 0;
  return {
    /** Whether the last operation that ended failed: Redis is down or late until one answers. */
    get failing(): boolean {
      return failing > 0;
    },
    fault(operation: string, fault: StoreFault): void {
      failing += 1;
      if (failing > 1) return;
      logger?.debug('redis store unavailable', {
        operation,
        fault: fault.kind,
        ...(fault.kind === 'error'
          ? { error: fault.error instanceof Error ? fault.error.name : typeof fault.error }
          : {}),
      });
    },
    success(): void {
      if (failing === 0) return;
      logger?.debug('redis store answers again', { faults: failing });
      failing = 0;
    },
  };
}
