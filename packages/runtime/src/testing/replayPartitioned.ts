import { INPUT_TOPIC, type InputEvent, type OutputEvent } from '@dealerflow/contracts';
import { instantOf, isReferenceEvent, WORKERS, type AnyWorker, type StateStore } from '@dealerflow/domain';
import {
  createMemoryTaskStore,
  createPartitionTask,
  cutRelayRead,
  decodeTaskState,
  idleBound,
  partitionsOf,
  type FetchedRecord,
  type PartitionTask,
} from '../task';

export interface PartitionedRunOptions {
  partitions: number;
  workers?: readonly AnyWorker[];
  /** How many records a fetch brings from one partition (default: all there are); vary it to test the merge. */
  fetchSize?: (task: number, topic: string) => number;
  /** After each commit: true to crash the task there and restart it from its store (default never). */
  crashAfterCommit?: (task: number) => boolean;
  /** Events between snapshots (default 20 000). */
  snapshotEvents?: number;
  /**
   * Publish live: a relay sends the events this many at a time, with progress markers, while the
   * tasks read (default: everything is on the broker before they start, and end offsets release them).
   */
  relayBatch?: number;
  /** At the end, each task's workers' states (from a last snapshot, as a restart would read them): what a worker holds. */
  onStates?: (task: number, states: StateStore) => void;
}

type LogEntry = { event: InputEvent } | { progress: number };

/** The task's partitions as a broker holds them, filled all at once or batch by batch as a relay sends. */
function createBroker(events: readonly InputEvent[], options: PartitionedRunOptions, task: number) {
  const logs = new Map<string, LogEntry[]>();
  const topics = [...new Set(Object.values(INPUT_TOPIC))];
  for (const topic of topics) logs.set(topic, []);
  const mine = (event: InputEvent) => isReferenceEvent(event) || partitionsOf(event, options.partitions).includes(task);
  let relayed = 0;
  let idle = false;

  function publish(event: InputEvent): void {
    if (mine(event)) logs.get(INPUT_TOPIC[event.type])!.push({ event });
  }

  /** A batch reaches the partitions one request at a time: readers may see some partitions' share before others'. */
  let pending: (() => void) | undefined;

  if (options.relayBatch === undefined) {
    for (const event of events) publish(event);
    relayed = events.length;
    idle = true;
  }

  return {
    logs,
    /**
     * Half a relay batch: the share of the first half of the topics, or the rest with the markers
     * (then, once everything is out, the idle marker); false when there is no more.
     */
    relayStep(): boolean {
      if (pending) {
        pending();
        pending = undefined;
        return true;
      }
      if (idle) return false;
      const read = events.slice(relayed, relayed + options.relayBatch!);
      const cut = cutRelayRead(read.map((event) => instantOf(event.occurredAt)), relayed + read.length >= events.length);
      if (!cut) {
        idle = true;
        for (const log of logs.values()) log.push({ progress: idleBound(instantOf(events[events.length - 1]!.occurredAt)) });
        return true;
      }
      const batch = read.slice(0, cut.publish);
      relayed += cut.publish;
      const early = new Set(topics.filter((_, index) => index % 2 === 0));
      for (const event of batch) if (early.has(INPUT_TOPIC[event.type])) publish(event);
      pending = () => {
        for (const event of batch) if (!early.has(INPUT_TOPIC[event.type])) publish(event);
        for (const log of logs.values()) log.push({ progress: cut.bound });
      };
      return true;
    },
  };
}

async function runTask(task: number, events: readonly InputEvent[], options: PartitionedRunOptions): Promise<readonly OutputEvent[]> {
  const store = createMemoryTaskStore();
  const broker = createBroker(events, options, task);
  const open = async (): Promise<PartitionTask> => {
    const opened = createPartitionTask({
      taskId: `all/${task}`,
      workers: options.workers ?? WORKERS,
      store,
      snapshotEvents: options.snapshotEvents,
      now: () => 0,
      release: options.relayBatch === undefined ? 'end-offsets' : 'markers',
    });
    await opened.restore();
    for (const topic of broker.logs.keys()) opened.expect(topic);
    return opened;
  };
  let current = await open();
  const consumed = () => [...broker.logs].every(([topic, log]) => current.positionOf(topic) >= BigInt(log.length) && current.buffered(topic) === 0);
  let relaying = true;
  while (relaying || !consumed()) {
    relaying = broker.relayStep();
    for (const [topic, log] of broker.logs) {
      const from = Number(current.positionOf(topic));
      const size = Math.max(1, options.fetchSize?.(task, topic) ?? log.length);
      const records: FetchedRecord[] = log.slice(from, from + size).map((entry, index) => ({
        offset: BigInt(from + index),
        ...('event' in entry ? { event: entry.event } : { event: undefined, progress: entry.progress }),
      }));
      current.offer(topic, records, !relaying && from + records.length >= log.length);
    }
    const applied = await current.applyReady();
    if (applied > 0 && options.crashAfterCommit?.(task)) current = await open();
  }
  if (options.onStates) {
    await current.snapshotNow();
    const saved = await store.load(`all/${task}`);
    if (saved) options.onStates(task, decodeTaskState(saved.state).store);
  }
  return store.outputs();
}

/**
 * The distributed topology in one process, with no broker: the events are split into dealer-keyed,
 * co-partitioned topics as a producer keyed by `dealerId` would write them (ticks to every partition,
 * reference data to one partition every task reads), and one partition task per partition number
 * folds them through the task store, fetching a few records at a time, optionally while a relay is
 * still publishing, and, if asked, crashing and restarting from its last snapshot. Returns each
 * task's outputs as its store kept them.
 */
export async function replayPartitioned(events: readonly InputEvent[], options: PartitionedRunOptions): Promise<OutputEvent[][]> {
  const tasks: OutputEvent[][] = [];
  for (let task = 0; task < options.partitions; task += 1) tasks.push([...(await runTask(task, events, options))]);
  return tasks;
}
