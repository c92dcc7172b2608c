import { describe, expect, it } from 'vitest';
import { createMemoryStateStore, createPipeline, WORKERS } from '@dealerflow/domain';
import { generateStream } from '@dealerflow/testkit';
import { decodeTaskState, encodeTaskState, type TaskState } from '../src/task';

// A task's state in parts (taskState.ts): one text cannot hold a large task's state.
const workers = WORKERS.map((worker) => worker.name);
const store = createMemoryStateStore();
const pipeline = createPipeline({ workers: WORKERS, store, dedupe: false });
for (const event of generateStream({ dealers: 6, skus: 12, days: 4, seed: 3 })) pipeline.accept(event);
const marks = { sequences: { q: '7' }, bounds: {} };
/** The state in one part of worker states: what is compared. */
const reencode = (state: TaskState) => encodeTaskState(state.pipeline, state.store, workers, state.marks, Infinity);
const reference = encodeTaskState(pipeline.snapshot(), store, workers, marks, Infinity);

describe("a task's state", () => {
  it('is split into parts of at most the size asked (one state alone may be longer), and decodes to the same state', () => {
    expect(reference).toHaveLength(2);
    const partChars = 5_000;
    const parts = encodeTaskState(pipeline.snapshot(), store, workers, marks, partChars);
    expect(parts.length).toBeGreaterThan(4);
    for (const part of parts.slice(1)) {
      const items = JSON.parse(part) as unknown[];
      expect(part.length <= partChars || items.length === 1).toBe(true);
    }
    expect(reencode(decodeTaskState(parts))).toEqual(reference);
  });

  it('reads the one text written before parts (worker states inside it)', () => {
    const [head, ...stateParts] = reference;
    const oneText = JSON.stringify({ ...JSON.parse(head!), states: stateParts.flatMap((part) => JSON.parse(part) as unknown[]) });
    expect(reencode(decodeTaskState(oneText))).toEqual(reference);
  });
});
