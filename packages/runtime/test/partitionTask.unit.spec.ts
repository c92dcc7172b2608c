import { describe, expect, it } from 'vitest';
import { inputEvent, type InputEvent } from '@dealerflow/contracts';
import { inputExamples } from '@dealerflow/contracts/examples';
import { WORKERS } from '@dealerflow/domain';
import { createMemoryTaskStore, createPartitionTask, type FetchedRecord } from '../src/task';

const events: InputEvent[] = inputExamples().map((example) => inputEvent.parse(example));

function taskOn(store = createMemoryTaskStore(), snapshotEvents = 1) {
  return createPartitionTask({ taskId: 'all/0', workers: WORKERS, store, snapshotEvents, now: () => 0 });
}

/** Every example on one queue, as a relay would publish them: offsets and sequences from 0. */
const published: FetchedRecord[] = events.map((event, index) => ({ event, offset: BigInt(index), sequence: BigInt(index) }));

describe('the partition task', () => {
  it('drops what a publisher sent again after a crash (a sequence already seen), at new offsets', async () => {
    const once = createMemoryTaskStore();
    const onceTask = taskOn(once);
    await onceTask.restore();
    onceTask.offer('q', published, true);
    await onceTask.applyReady();

    const twice = createMemoryTaskStore();
    const twiceTask = taskOn(twice);
    await twiceTask.restore();
    const resent = published.slice(5).map((record, index) => ({ ...record, offset: BigInt(published.length + index) }));
    twiceTask.offer('q', [...published, ...resent], true);
    expect(await twiceTask.applyReady()).toBe(published.length);
    expect(twiceTask.positionOf('q')).toBe(BigInt(published.length + resent.length));
    expect(twice.outputs()).toEqual(once.outputs());
    expect(once.outputs().length).toBeGreaterThan(0);
  });

  it('keeps the last applied sequence in its snapshot, so a restarted task still drops re-sends', async () => {
    const store = createMemoryTaskStore();
    const first = taskOn(store);
    await first.restore();
    first.offer('q', published.slice(0, 8), false);
    first.offer('q', [], true);
    await first.applyReady();
    const restarted = taskOn(store);
    const positions = await restarted.restore();
    expect(positions).toEqual({ q: '8' });
    // The relay crashed after sending 0..7 and sends 5..7 again, then the rest.
    const again = [...published.slice(5, 8), ...published.slice(8)].map((record, index) => ({ ...record, offset: BigInt(8 + index) }));
    restarted.offer('q', again, true);
    expect(await restarted.applyReady()).toBe(published.length - 8);

    const reference = createMemoryTaskStore();
    const straight = taskOn(reference);
    await straight.restore();
    straight.offer('q', published, true);
    await straight.applyReady();
    expect(store.outputs()).toEqual(reference.outputs());
  });

  it('skips a record the source could not read, and its offset counts as read', async () => {
    const store = createMemoryTaskStore();
    const task = taskOn(store);
    await task.restore();
    task.offer('q', [{ event: undefined, offset: 0n }, { event: events[0]!, offset: 1n }], true);
    expect(await task.applyReady()).toBe(1);
    expect(task.positionOf('q')).toBe(2n);
  });
});
