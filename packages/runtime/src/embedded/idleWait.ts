/**
 * The pause of a background loop (the runner, the board projector, the notifier's consumer) between
 * polls: `sleep` ends after `ms` or at the first `wake`, whichever comes first, so a commit elsewhere
 * starts the next batch at once rather than at the next poll, and a stop does not wait out a pause.
 */
export function createIdleWait(): { sleep(ms: number): Promise<void>; wake(): void } {
  let wakeUp: (() => void) | undefined;
  return {
    sleep(ms) {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          wakeUp = undefined;
          resolve();
        }, ms);
        wakeUp = () => {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        };
      });
    },
    wake() {
      wakeUp?.();
    },
  };
}

/** How long a loop waits after its `failures`-th failed batch in a row: 200 ms, doubling, at most 25.6 s. */
export function retryDelayMs(failures: number): number {
  return Math.min(30_000, 100 * 2 ** Math.min(failures, 8));
}
