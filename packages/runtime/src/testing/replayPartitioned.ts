import { INPUT_TOPIC, type InputEvent, type OutputEvent } from '@dealerflow/contracts';
import { isReferenceEvent, WORKERS, type AnyWorker } from '@dealerflow/domain';
import { createMemoryTaskStore, createPartitionTask, partitionsOf, type FetchedRecord, type PartitionTask } from '../task';

export interface PartitionedRunOptions {
  partitions: number;
  workers?: readonly AnyWorker[];
  /** How many events a fetch brings from one partition (default: all); vary it to test the merge. */
  fetchSize?: (task: number, topic: string) => number;
  /** After each commit: true to crash the task there and restart it from its store (default never). */
  crashAfterCommit?: (task: number) => boolean;
  /** Events between snapshots (default 20 000). */
  snapshotEvents?: number;
}

/** The events of each input topic's partition for one task, as a broker would hold them. */
function partitionLogs(events: readonly InputEvent[], partitions: number, task: number): Map<string, InputEvent[]> {
  const logs = new Map<string, InputEvent[]>();
  for (const event of events) {
    if (!isReferenceEvent(event) && !partitionsOf(event, partitions).includes(task)) continue;
    const topic = INPUT_TOPIC[event.type];
    const log = logs.get(topic) ?? [];
    log.push(event);
    logs.set(topic, log);
  }
  return logs;
}

async function runTask(task: number, events: readonly InputEvent[], options: PartitionedRunOptions): Promise<readonly OutputEvent[]> {
  const store = createMemoryTaskStore();
  const logs = partitionLogs(events, options.partitions, task);
  const open = async (): Promise<PartitionTask> => {
    const opened = createPartitionTask({ taskId: `all/${task}`, workers: options.workers ?? WORKERS, store, snapshotEvents: options.snapshotEvents, now: () => 0 });
    await opened.restore();
    return opened;
  };
  let current = await open();
  const done = () => [...logs].every(([topic, log]) => current.positionOf(topic) >= BigInt(log.length) && current.buffered(topic) === 0);
  while (!done()) {
    for (const [topic, log] of logs) {
      const from = Number(current.positionOf(topic));
      const size = Math.max(1, options.fetchSize?.(task, topic) ?? log.length);
      const records: FetchedRecord[] = log.slice(from, from + size).map((event, index) => ({ event, offset: BigInt(from + index) }));
      current.offer(topic, records, from + records.length >= log.length);
    }
    const applied = await current.applyReady();
    if (applied > 0 && options.crashAfterCommit?.(task)) current = await open();
  }
  return store.outputs();
}

/**
 * The distributed topology in one process, with no broker: the events are split into dealer-keyed,
 * co-partitioned topics as a producer keyed by `dealerId` would write them (ticks to every partition,
 * reference data to one partition every task reads), and one partition task per partition number
 * folds them through the task store, fetching a few events at a time and, if asked, crashing and
 * restarting from its last snapshot. Returns each task's outputs as its store kept them.
 */
export async function replayPartitioned(events: readonly InputEvent[], options: PartitionedRunOptions): Promise<OutputEvent[][]> {
  const tasks: OutputEvent[][] = [];
  for (let task = 0; task < options.partitions; task += 1) tasks.push([...(await runTask(task, events, options))]);
  return tasks;
}
