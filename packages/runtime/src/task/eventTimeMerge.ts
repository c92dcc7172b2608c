/** One buffered input: when it happened, its topic's tie-break rank, and whatever the source needs back. */
export interface Timed {
  /** `occurredAt` in epoch ms. */
  at: number;
  rank: number;
}

/**
 * What a task has fetched from one of its input partitions and not applied yet, in the partition's
 * order. `atEnd`: the source had nothing more when this was fetched (the partition is caught up).
 */
export interface MergeQueue<T extends Timed> {
  items: T[];
  atEnd: boolean;
  /**
   * The publisher's promise, when it makes one (a progress marker): nothing it writes to this
   * partition later is earlier than this instant. It releases what is older even from a quiet
   * partition, where an end offset could only say "nothing yet".
   */
  bound?: number;
}

/** The instant before which nothing unfetched can come, assuming each partition is written in event-time order. */
function frontierOf(queues: readonly MergeQueue<Timed>[]): number {
  let frontier = Number.POSITIVE_INFINITY;
  for (const queue of queues) {
    if (queue.atEnd) continue;
    const last = queue.items[queue.items.length - 1];
    const bound = Math.max(last === undefined ? Number.NEGATIVE_INFINITY : last.at, queue.bound ?? Number.NEGATIVE_INFINITY);
    if (bound < frontier) frontier = bound;
  }
  return frontier;
}

/** How many items from the head are all strictly before the frontier. */
function readyPrefix(items: readonly Timed[], frontier: number): number {
  let count = 0;
  while (count < items.length && items[count]!.at < frontier) count += 1;
  return count;
}

/**
 * Takes from a task's queues what can be applied now, in the order to apply it: by `occurredAt`,
 * then topic rank, then arrival (as Kafka Streams' partition group takes the smallest timestamp).
 *
 * A queue gives up its longest head that is strictly earlier than the frontier — the latest instant
 * fetched from each partition that is not caught up — so an event still in flight on another
 * partition, or a tie at the frontier, is never overtaken. A caught-up queue holds nothing back.
 * Taking whole heads keeps what was applied a prefix of each partition, which is what a checkpoint
 * can record. `force` takes everything (a full buffer must not stall the task).
 *
 * The result is the same however the input was split into fetches and partitions when each partition
 * is written in event-time order; an event that arrives after later ones was applied is applied when
 * it arrives, at its dealer's clock.
 */
export function takeInEventTimeOrder<T extends Timed>(queues: readonly MergeQueue<T>[], force = false): T[] {
  const frontier = force ? Number.POSITIVE_INFINITY : frontierOf(queues);
  const taken: T[] = [];
  for (const queue of queues) {
    const count = readyPrefix(queue.items, frontier);
    for (let index = 0; index < count; index += 1) taken.push(queue.items[index]!);
    queue.items.splice(0, count);
  }
  // Array#sort is stable: equal instants and ranks keep their arrival order.
  return taken.sort((a, b) => a.at - b.at || a.rank - b.rank);
}
