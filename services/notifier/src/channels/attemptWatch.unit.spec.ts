import { afterEach, describe, expect, it, vi } from 'vitest';
import { createAttemptWatch } from './attemptWatch';

describe('createAttemptWatch', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops an attempt past its deadline or cancelled, and leaves finished ones alone', () => {
    vi.useFakeTimers();
    let clock = 0;
    const watch = createAttemptWatch(10, () => clock);
    const stopped: string[] = [];
    const cancel = new AbortController();
    const attempt = (name: string, deadline: number, signal = new AbortController().signal) => ({
      deadline,
      signal,
      stop: (reason: string) => void stopped.push(`${name}:${reason}`),
    });
    const slow = attempt('slow', 50);
    const cancelled = attempt('cancelled', 1_000, cancel.signal);
    const done = attempt('done', 20);
    watch.add(slow);
    watch.add(cancelled);
    watch.add(done);

    clock = 15;
    vi.advanceTimersByTime(10);
    expect(stopped).toEqual([]);
    watch.delete(done);
    cancel.abort();
    clock = 55;
    vi.advanceTimersByTime(10);
    expect(stopped).toEqual(['slow:timeout', 'cancelled:cancelled']);
    expect(vi.getTimerCount()).toBe(0);
  });
});
