import { describe, expect, it } from 'vitest';
import type { OutputEvent } from '@dealerflow/contracts';
import { WORKERS, type AnyWorker } from '@dealerflow/domain';
import { openEmbeddedRuntime, replay, type EmbeddedRuntime } from '../src';
import { conformanceStream } from '../src/testing';
import { runtimeBackends } from '../src/testing';

// A worker that throws on one event must not stall the embedded runner: the event is dead-lettered with the worker's
// name and error, and every later event is applied — the same as the replay does with the same brittle worker.
const backends = await runtimeBackends('dealerflow-worker-failure-');
const lines = conformanceStream();
const parsedOrNot = (line: string): { eventId?: string; type?: string } => {
  try {
    return JSON.parse(line) as { eventId?: string; type?: string };
  } catch {
    return {};
  }
};
const victim = lines.map(parsedOrNot).find((event, index) => event.type === 'dealer.sales.reported' && index > lines.length / 2)!;

const brittle: AnyWorker[] = WORKERS.map((worker) =>
  worker.name !== 'stock'
    ? worker
    : {
        ...worker,
        apply(state, event, ctx) {
          if (event.eventId === victim.eventId) throw new Error('a report the rules cannot read');
          return worker.apply(state, event, ctx);
        },
      },
);

async function allOutputs(runtime: EmbeddedRuntime): Promise<OutputEvent[]> {
  const outputs: OutputEvent[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await runtime.outputs.read({ after, limit: 5000 });
    if (page.nextCursor === null) return outputs;
    outputs.push(...page.lines.map((line) => JSON.parse(line) as OutputEvent));
    after = page.nextCursor;
  }
}

const withoutTopic = (output: OutputEvent) => {
  const { topic: _topic, ...rest } = output as OutputEvent & { topic?: string };
  return rest;
};

describe.each(backends)('a worker that throws, on the embedded runtime on $name', (backend) => {
  it.skipIf(backend.skip)(`dead-letters the event with the worker and goes on, as the replay does${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async () => {
    const expected: OutputEvent[] = [];
    await replay(lines, (line) => void expected.push(JSON.parse(line)), { workers: brittle });
    const runtime = await openEmbeddedRuntime({ ...(await backend.options()), workers: brittle });
    try {
      await runtime.eventLog.append(lines.map((text) => ({ text })));
      await runtime.runner.drain();
      const outputs = await allOutputs(runtime);
      // The stream's own bad lines are dead-lettered at ingest; the worker's failure is the one that names a worker.
      const deadLetters = outputs.filter((output) => output.type === 'event.dead_lettered' && 'worker' in output.data);
      expect(deadLetters).toHaveLength(1);
      expect(deadLetters[0]!.data).toMatchObject({ worker: 'stock', reason: expect.stringContaining('stock worker failed on dealer.sales.reported: a report the rules cannot read') });
      // Everything after the bad event was applied: the outputs are the replay's, dead letter included.
      expect(outputs.filter((output) => output.type !== 'event.dead_lettered').map(withoutTopic)).toEqual(expected.filter((output) => output.type !== 'event.dead_lettered').map(withoutTopic));
      // The same dead letter (its raw event differs only by the server's receivedAt stamp).
      const summary = ({ eventId, occurredAt, dealerId, source, data }: OutputEvent) => ({ eventId, occurredAt, dealerId, source, reason: (data as { reason: string }).reason });
      expect(summary(deadLetters[0]!)).toEqual(summary(expected.find((output) => output.type === 'event.dead_lettered' && 'worker' in output.data)!));
    } finally {
      await runtime.close();
    }
  });
});
