/**
 * Why a store operation was given up: the client's error, no answer within timeoutInMs, or an
 * answer that is not Redis's (a proxy, a mocked client).
 */
export type StoreFault =
  | { kind: 'timeout' }
  | { kind: 'error'; error: unknown }
  | { kind: 'unexpected-reply' };

/**
 * Resolves with the operation's value, or with `fallback` once it fails or outlives `timeoutInMs`.
 * Never rejects, and a late answer or rejection after the cut is swallowed (no unhandled rejection).
 */
export function withDeadline<T, F>(
  operation: () => Promise<T>,
  timeoutInMs: number,
  fallback: F,
  onFault: (fault: StoreFault) => void,
  onSuccess: () => void,
): Promise<T | F> {
  return new Promise<T | F>((resolve) => {
    let settled = false;
    const settle = (value: T | F, fault?: StoreFault) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (fault) onFault(fault);
      else onSuccess();
      resolve(value);
    };
    const timer = setTimeout(() => settle(fallback, { kind: 'timeout' }), timeoutInMs);
    // A pending store call must not keep a process alive that is otherwise done.
    timer.unref?.();
    let pending: Promise<T>;
    try {
      pending = operation();
    } catch (error) {
      settle(fallback, { kind: 'error', error });
      return;
    }
    pending.then(
      (value) => settle(value),
      (error: unknown) => settle(fallback, { kind: 'error', error }),
    );
  });
}
