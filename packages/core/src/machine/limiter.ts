// A cap on Backend API verifications in flight (SPEC §9.4): the rest wait in order, and a wait
// longer than the API timeout gives up, so a flood of random tokens cannot open unbounded connections.

export interface Limiter {
  /** Runs `task` once a slot is free; rejects with `onWaitTimeout()` if none frees up in time. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

interface Waiter {
  start(): void;
  timer: ReturnType<typeof setTimeout>;
  done: boolean;
}

export function createLimiter(max: number, maxWaitInMs: number, onWaitTimeout: () => Error): Limiter {
  let active = 0;
  const queue: Waiter[] = [];

  function release(): void {
    active--;
    while (queue.length > 0) {
      const next = queue.shift() as Waiter;
      if (next.done) continue; // gave up waiting
      next.done = true;
      clearTimeout(next.timer);
      next.start();
      return;
    }
  }

  return {
    run<T>(task: () => Promise<T>): Promise<T> {
      const runNow = (): Promise<T> => {
        active++;
        let running: Promise<T>;
        try {
          running = task();
        } catch (error) {
          running = Promise.reject(error);
        }
        return running.finally(release);
      };
      if (active < max) return runNow();
      return new Promise<T>((resolve, reject) => {
        const waiter: Waiter = {
          done: false,
          start: () => runNow().then(resolve, reject),
          timer: setTimeout(() => {
            if (waiter.done) return;
            waiter.done = true;
            reject(onWaitTimeout());
          }, maxWaitInMs),
        };
        queue.push(waiter);
      });
    },
  };
}
