import { describe, expect, it } from 'vitest';
import { createPollingLoop } from '../src';

describe('createPollingLoop', () => {
  it('steps while there is work, sleeps when caught up until woken, and stops after the step in hand', async () => {
    const work = [3, 2, 0];
    const steps: number[] = [];
    let caughtUp: () => void = () => undefined;
    const idle = new Promise<void>((resolve) => (caughtUp = resolve));
    let tookMore: () => void = () => undefined;
    const more = new Promise<void>((resolve) => (tookMore = resolve));
    const loop = createPollingLoop({
      async step() {
        const taken = work.shift() ?? 0;
        steps.push(taken);
        if (taken === 0) caughtUp();
        if (taken === 5) tookMore();
        return taken;
      },
      idlePollMs: 60_000,
      onFailure: () => undefined,
    });
    loop.start();
    await idle;
    expect(steps).toEqual([3, 2, 0]);
    work.push(5);
    loop.wake(); // long before the 60 s poll
    await more;
    await loop.stop();
    expect(steps.slice(0, 4)).toEqual([3, 2, 0, 5]);
  });

  it('reports a failed step, then retries after the back-off and beforeRetry', async () => {
    const seen: string[] = [];
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    let calls = 0;
    const loop = createPollingLoop({
      async step() {
        calls += 1;
        if (calls === 1) throw new Error('database gone');
        seen.push('step');
        done();
        return 0;
      },
      idlePollMs: 60_000,
      onFailure: (error, failures) => seen.push(`failed ${failures}: ${(error as Error).message}`),
      beforeRetry: async () => {
        seen.push('beforeRetry');
      },
    });
    loop.start();
    await finished;
    await loop.stop();
    expect(seen).toEqual(['failed 1: database gone', 'beforeRetry', 'step']);
  });
});
