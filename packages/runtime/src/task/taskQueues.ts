import type { InputEvent } from '@dealerflow/contracts';
import { instantOf } from '@dealerflow/domain';
import { takeInEventTimeOrder, type MergeQueue, type Timed } from './eventTimeMerge';
import type { TaskPositions } from './taskStore';
import { topicRankOf } from './topicRank';

/** One record as a source fetched it: the event and its offset in its partition. */
export interface FetchedRecord {
  /** Undefined for a record that carries no event: one the source could not read (it dead-lettered it), or a marker. */
  event: InputEvent | undefined;
  offset: bigint;
  /**
   * The publisher's sequence number, when it stamps one that grows within each partition (the ingest
   * relay does): a record at or below the last one seen is a re-send after a publisher crash, dropped.
   */
  sequence?: bigint;
  /** A progress marker: nothing the publisher writes to this partition after it is earlier than this instant (epoch ms). */
  progress?: number;
}

export interface QueuedEvent extends Timed {
  event: InputEvent;
  queue: string;
  offset: bigint;
  sequence: bigint | undefined;
}

interface TaskQueue extends MergeQueue<QueuedEvent> {
  /** Offset of the next record this queue expects (what is applied or buffered ends just before it). */
  next: bigint;
  /** The publisher's last sequence number fetched, and the last applied (which a snapshot keeps). */
  sequence: bigint;
  appliedSequence: bigint;
  /** Markers read but not yet behind the applied position; the bound they gave once they are. */
  markers: { offset: bigint; bound: number }[];
  appliedBound: number;
}

/** What a snapshot keeps of the queues besides positions: per partition, the publisher's sequence and bound. */
export interface QueueMarks {
  sequences: Record<string, string>;
  bounds: Record<string, number>;
}

/**
 * What releases the merge when a partition has nothing buffered. `markers`: only the publisher's
 * progress markers (Dealerflow's ingest relay writes them to every partition) — exact whatever the
 * timing of fetches. `end-offsets`: a partition read to the end offset the broker last gave is
 * caught up — for publishers that write no markers; a share of a batch still on its way can then be
 * overtaken (an event applied as if it came late).
 */
export type MergeRelease = 'markers' | 'end-offsets';

/**
 * A task's input partitions as queues: what was fetched and not applied yet, where each is to be
 * read from, what the publisher promised (sequences against re-sends, progress markers), and the
 * event-time merge over them.
 */
export function createTaskQueues(release: MergeRelease = 'end-offsets') {
  const byEndOffsets = release === 'end-offsets';
  const queues = new Map<string, TaskQueue>();

  function queueOf(key: string): TaskQueue {
    let queue = queues.get(key);
    if (!queue) {
      queue = { items: [], atEnd: false, next: 0n, sequence: -1n, appliedSequence: -1n, markers: [], appliedBound: Number.NEGATIVE_INFINITY };
      queues.set(key, queue);
    }
    return queue;
  }

  function accept(queue: TaskQueue, key: string, record: FetchedRecord): void {
    const { event, offset, sequence, progress } = record;
    if (offset < queue.next) return;
    queue.next = offset + 1n;
    if (progress !== undefined) {
      queue.bound = Math.max(queue.bound ?? Number.NEGATIVE_INFINITY, progress);
      queue.markers.push({ offset, bound: progress });
      return;
    }
    if (sequence !== undefined) {
      if (sequence <= queue.sequence) return;
      queue.sequence = sequence;
    }
    if (event) queue.items.push({ event, queue: key, offset, sequence, at: instantOf(event.occurredAt), rank: topicRankOf(event.type) });
  }

  return {
    /** Starts from a snapshot's positions and marks (or from nothing). */
    reset(positions: TaskPositions, marks: QueueMarks): void {
      queues.clear();
      for (const [key, offset] of Object.entries(positions)) queueOf(key).next = BigInt(offset);
      for (const [key, sequence] of Object.entries(marks.sequences)) {
        const queue = queueOf(key);
        queue.sequence = queue.appliedSequence = BigInt(sequence);
      }
      for (const [key, bound] of Object.entries(marks.bounds)) queueOf(key).bound = queueOf(key).appliedBound = bound;
    },

    /** Names a partition before anything is fetched from it: until a fetch, a marker or its end offset says otherwise, the merge waits for it. */
    expect(key: string): void {
      queueOf(key);
    },

    positionOf: (key: string): bigint => queueOf(key).next,
    buffered: (key: string): number => queues.get(key)?.items.length ?? 0,

    offer(key: string, records: readonly FetchedRecord[], atEnd: boolean): void {
      const queue = queueOf(key);
      for (const record of records) accept(queue, key, record);
      queue.atEnd = byEndOffsets && atEnd;
    },

    /** The broker's end offset (ignored when markers release the merge). */
    markEnd(key: string, endOffset: bigint): void {
      const queue = queueOf(key);
      if (byEndOffsets) queue.atEnd = queue.next >= endOffset;
    },

    take(force: boolean): QueuedEvent[] {
      const ready = takeInEventTimeOrder([...queues.values()], force);
      for (const { queue, sequence } of ready) if (sequence !== undefined) queueOf(queue).appliedSequence = sequence;
      for (const queue of queues.values()) {
        const applied = queue.items[0]?.offset ?? queue.next;
        while (queue.markers.length > 0 && queue.markers[0]!.offset < applied) queue.appliedBound = Math.max(queue.appliedBound, queue.markers.shift()!.bound);
      }
      return ready;
    },

    /** Per partition, the offset after the last applied record (the first buffered one's, when some wait). */
    applied(): TaskPositions {
      const positions: TaskPositions = {};
      for (const [key, queue] of queues) positions[key] = String(queue.items[0]?.offset ?? queue.next);
      return positions;
    },

    marks(): QueueMarks {
      const marks: QueueMarks = { sequences: {}, bounds: {} };
      for (const [key, queue] of queues) {
        if (queue.appliedSequence >= 0n) marks.sequences[key] = String(queue.appliedSequence);
        if (Number.isFinite(queue.appliedBound)) marks.bounds[key] = queue.appliedBound;
      }
      return marks;
    },
  };
}

export type TaskQueues = ReturnType<typeof createTaskQueues>;
