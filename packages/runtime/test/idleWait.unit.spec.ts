import { describe, expect, it } from 'vitest';
import { createIdleWait, retryDelayMs } from '../src';

describe('createIdleWait', () => {
  it('ends a sleep at the first wake, long before its time', async () => {
    const idle = createIdleWait();
    let woke = false;
    const sleeping = idle.sleep(60_000).then(() => {
      woke = true;
    });
    await Promise.resolve();
    expect(woke).toBe(false);
    idle.wake();
    await sleeping;
    expect(woke).toBe(true);
  });

  it('ends a sleep on its own when nobody wakes it, and a wake with no sleeper is harmless', async () => {
    const idle = createIdleWait();
    idle.wake();
    await idle.sleep(1);
    idle.wake();
    const next = idle.sleep(1);
    await expect(next).resolves.toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  it('doubles from 200 ms and stops growing after the eighth failure', () => {
    expect([1, 2, 3, 8, 9, 50].map(retryDelayMs)).toEqual([200, 400, 800, 25_600, 25_600, 25_600]);
  });
});
