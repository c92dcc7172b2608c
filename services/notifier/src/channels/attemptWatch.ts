/** One attempt in flight: when it must give up, the signal that cancels it, and how to stop it. */
export interface WatchedAttempt {
  /** `performance.now()` past which the attempt has timed out. */
  deadline: number;
  signal: AbortSignal;
  stop(reason: 'timeout' | 'cancelled'): void;
}

export interface AttemptWatch {
  add(attempt: WatchedAttempt): void;
  delete(attempt: WatchedAttempt): void;
}

/**
 * Timeouts and cancellation of many short attempts, checked by one interval every `tickMs` while
 * any attempt is in flight. Why not a timer and an abort listener per attempt: at thousands of
 * webhooks a second, `AbortSignal.timeout` / `AbortSignal.any` and an EventTarget listener per
 * request were a tenth of the sender's CPU (docs/performance.md), a Set entry costs next to
 * nothing. The price: a timeout or a cancellation takes effect up to `tickMs` late.
 */
export function createAttemptWatch(tickMs: number, now: () => number = () => performance.now()): AttemptWatch {
  const attempts = new Set<WatchedAttempt>();
  let timer: ReturnType<typeof setInterval> | undefined;

  function sweep(): void {
    const at = now();
    for (const attempt of attempts) {
      const reason = attempt.signal.aborted ? 'cancelled' : at >= attempt.deadline ? 'timeout' : undefined;
      if (reason === undefined) continue;
      attempts.delete(attempt);
      attempt.stop(reason);
    }
    if (attempts.size === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  }

  return {
    add(attempt) {
      attempts.add(attempt);
      if (timer === undefined) {
        timer = setInterval(sweep, tickMs);
        // The request's socket keeps the process alive while it matters; the sweep must not.
        timer.unref();
      }
    },
    delete(attempt) {
      attempts.delete(attempt);
    },
  };
}
