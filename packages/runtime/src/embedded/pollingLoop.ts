import { createIdleWait, retryDelayMs } from './idleWait';

export interface PollingLoopOptions {
  /** One batch: how many items it took (0: caught up, so the loop sleeps). Throws when the batch failed. */
  step: () => Promise<number>;
  /** How long to sleep when caught up, unless woken. */
  idlePollMs: number;
  /** Told of a failed step; `failures` counts failures in a row. The loop waits `retryDelayMs(failures)`, then retries. */
  onFailure: (error: unknown, failures: number) => void;
  /** After the wait and before the retry (the runner re-reads its state from the database there). */
  beforeRetry?: () => Promise<void>;
}

/**
 * The background loop of the runner, the board projector and the notifier's consumer: step while
 * there is work, sleep when caught up (a `wake` ends the sleep), back off after a failure, and on
 * `stop` finish the step in hand, then resolve.
 */
export function createPollingLoop(options: PollingLoopOptions): { start(): void; wake(): void; stop(): Promise<void> } {
  const idle = createIdleWait();
  let stopping = false;
  let loop: Promise<void> | undefined;

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopping) {
      try {
        const taken = await options.step();
        failures = 0;
        if (taken === 0 && !stopping) await idle.sleep(options.idlePollMs);
      } catch (error) {
        failures += 1;
        options.onFailure(error, failures);
        if (stopping) break;
        await idle.sleep(retryDelayMs(failures));
        await options.beforeRetry?.();
      }
    }
  }

  return {
    start() {
      loop ??= run();
    },
    wake() {
      idle.wake();
    },
    async stop() {
      stopping = true;
      idle.wake();
      await loop;
    },
  };
}
