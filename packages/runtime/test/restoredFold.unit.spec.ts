import { describe, expect, it } from 'vitest';
import { parseInputLine, type InputEvent } from '@dealerflow/contracts';
import { createMemoryStateStore, createPipeline, WORKERS, type StateStore } from '@dealerflow/domain';
import { resolvePolicies } from '../src';
import { decodeTaskState, encodeTaskState } from '../src/task';
import { conformanceStream } from '../src/testing';

/**
 * The runtimes' equality with the replay, at the level of the fold: what a restart restores (the task
 * state's JSON) and what ingest adds (`receivedAt`, the wall clock at the time of the load) must not
 * change a single output. Both broke once: receivedAt's day bounded a payment's backdating, so the
 * conformance stream (January–February) ingested in December dated every payment in December.
 */
const policies = resolvePolicies(WORKERS);
const workerNames = WORKERS.map((worker) => worker.name);

/** The stream's valid events as the input log keeps them: once per eventId, stamped as ingest stamps them. */
function inputLog(receivedAt?: string): InputEvent[] {
  const seen = new Set<string>();
  const events: InputEvent[] = [];
  for (const line of conformanceStream()) {
    const parsed = parseInputLine(line, receivedAt === undefined ? {} : { receivedAt });
    if (!parsed.ok || seen.has(parsed.event.eventId)) continue;
    seen.add(parsed.event.eventId);
    events.push(parsed.event);
  }
  return events;
}

/** Every output of the fold, as JSON; at each of `restarts` the fold goes on from its encoded task state. */
function fold(events: readonly InputEvent[], restarts: readonly number[] = []): string[] {
  let store: StateStore = createMemoryStateStore();
  let pipeline = createPipeline({ workers: WORKERS, policies, store, dedupe: false });
  const outputs: string[] = [];
  events.forEach((event, index) => {
    if (restarts.includes(index)) {
      const restored = decodeTaskState(encodeTaskState(pipeline.snapshot(), store, workerNames));
      store = restored.store;
      pipeline = createPipeline({ workers: WORKERS, policies, store, dedupe: false, resume: restored.pipeline });
    }
    const result = pipeline.accept(event);
    for (const output of result.outputs) outputs.push(JSON.stringify(output));
    for (const failure of result.failures) outputs.push(JSON.stringify(failure));
  });
  return outputs;
}

describe('the fold of the conformance stream', () => {
  const replayed = inputLog();
  const uninterrupted = fold(replayed);

  it('decides every worker kind of output (the comparisons below are not of nothing)', () => {
    const types = new Set(uninterrupted.map((line) => (JSON.parse(line) as { output?: { type: string } }).output?.type));
    expect([...types]).toEqual(expect.arrayContaining(['cash.discount.earned', 'rebate.statement.issued', 'credit.hold.placed', 'credit.review.requested']));
  });

  it('restored from its JSON task state at any point equals the uninterrupted fold', () => {
    const step = Math.floor(replayed.length / 7);
    const cuts = [1, step, 2 * step + 13, 3 * step + 29, 4 * step + 7, 5 * step + 41, 6 * step + 3, replayed.length - 1];
    expect(fold(replayed, cuts)).toEqual(uninterrupted);
  });

  it('stamped with the time of a load months later gives the outputs of the unstamped lines', () => {
    expect(fold(inputLog('2026-12-07T01:00:00.000Z'))).toEqual(uninterrupted);
    expect(fold(inputLog('2027-06-30T23:59:59.999Z'))).toEqual(uninterrupted);
  });
});
