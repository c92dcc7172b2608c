import { INPUT_TOPIC, type InputEvent, type OutputEvent } from '@dealerflow/contracts';
import { createPipeline, instantOf, isReferenceEvent, WORKERS, type AnyWorker } from '@dealerflow/domain';
import { toOutputEnvelope, toWorkerFailureDeadLetter } from '../envelope';
import { partitionsOf, takeInEventTimeOrder, topicRankOf, type MergeQueue, type Timed } from '../task';

interface Queued extends Timed {
  event: InputEvent;
}

export interface PartitionedRunOptions {
  partitions: number;
  workers?: readonly AnyWorker[];
  /** How many events a fetch brings from one partition (default: all); vary it to test the merge. */
  fetchSize?: (task: number, topic: string) => number;
}

/** One topic-partition as a task reads it: what is still on the broker, and what was fetched. */
interface PartitionReader {
  pending: Queued[];
  queue: MergeQueue<Queued>;
}

function readersOf(events: readonly InputEvent[], partitions: number, task: number): Map<string, PartitionReader> {
  const readers = new Map<string, PartitionReader>();
  for (const event of events) {
    if (!isReferenceEvent(event) && !partitionsOf(event, partitions).includes(task)) continue;
    const topic = INPUT_TOPIC[event.type];
    let reader = readers.get(topic);
    if (!reader) readers.set(topic, (reader = { pending: [], queue: { items: [], atEnd: false } }));
    reader.pending.push({ event, at: instantOf(event.occurredAt), rank: topicRankOf(event.type) });
  }
  return readers;
}

/**
 * The distributed topology in one process, with no broker: the events are split into dealer-keyed,
 * co-partitioned topics as a producer keyed by `dealerId` would write them (ticks to every partition,
 * reference data to one partition every task reads), and one task per partition number folds its
 * partitions in event-time order, fetching a few events at a time. Returns each task's outputs in
 * the order it emitted them. Used to show that a dealer's outputs do not depend on the partitioning.
 */
export function replayPartitioned(events: readonly InputEvent[], options: PartitionedRunOptions): OutputEvent[][] {
  const tasks: OutputEvent[][] = [];
  for (let task = 0; task < options.partitions; task += 1) {
    const pipeline = createPipeline({ workers: options.workers ?? WORKERS });
    const readers = readersOf(events, options.partitions, task);
    const queues = [...readers.values()].map((reader) => reader.queue);
    const outputs: OutputEvent[] = [];
    while (queues.some((queue) => !queue.atEnd || queue.items.length > 0)) {
      for (const [topic, reader] of readers) {
        const size = options.fetchSize?.(task, topic) ?? reader.pending.length;
        reader.queue.items.push(...reader.pending.splice(0, Math.max(1, size)));
        reader.queue.atEnd = reader.pending.length === 0;
      }
      for (const { event } of takeInEventTimeOrder(queues)) {
        const result = pipeline.accept(event);
        for (const failure of result.failures) outputs.push(toWorkerFailureDeadLetter({ event, ...failure, at: pipeline.clockOf(failure.dealerId) }));
        for (const emitted of result.outputs) outputs.push(toOutputEnvelope(emitted));
      }
    }
    tasks.push(outputs);
  }
  return tasks;
}
