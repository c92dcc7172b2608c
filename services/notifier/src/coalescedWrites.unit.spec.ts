import { describe, expect, it } from 'vitest';
import { createCoalescedWrites } from './coalescedWrites';

describe('createCoalescedWrites', () => {
  it('gathers the calls of one turn into one flush, and calls made during a flush into the next', async () => {
    const flushes: number[][] = [];
    let release: () => void = () => {};
    const write = createCoalescedWrites<number>(async (items) => {
      flushes.push(items);
      if (flushes.length === 1) await new Promise<void>((resolve) => (release = resolve));
    });
    const first = [1, 2, 3].map(write);
    await new Promise((resolve) => setImmediate(resolve));
    const second = [4, 5].map(write);
    release();
    await Promise.all([...first, ...second]);
    expect(flushes).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('rejects exactly the callers whose flush failed, and goes on with the next', async () => {
    const write = createCoalescedWrites<string>(async (items) => {
      if (items.includes('bad')) throw new Error('statement failed');
    });
    const failed = Promise.allSettled(['a', 'bad'].map(write));
    expect((await failed).map((result) => result.status)).toEqual(['rejected', 'rejected']);
    await expect(write('c')).resolves.toBeUndefined();
  });
});
