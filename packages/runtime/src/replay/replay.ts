import { OUTPUT_TOPIC, parseInputLine, type IngestPolicy, type InputEvent, type Topic } from '@dealerflow/contracts';
import { createPipeline, instantOf, WORKERS, type AnyWorker, type WorkerName } from '@dealerflow/domain';
import { outputLine, toDeadLetterEnvelope, toWorkerFailureDeadLetter } from '../envelope';
import { takeInEventTimeOrder, topicRankOf, type MergeQueue, type Timed } from '../task';

export interface ReplayOptions {
  workers?: readonly AnyWorker[];
  /** Resolved policies per worker (see resolvePolicies); defaults otherwise. */
  policies?: Partial<Record<WorkerName, unknown>>;
  /**
   * The `ingest` settings, as the server has them: a line that says when it was received (`receivedAt`)
   * is refused when dated further ahead of that; a line without one cannot be judged and is taken.
   */
  ingest?: IngestPolicy;
  /** Told of each line that became a dead letter (1-based line number in the input, and why). */
  onDeadLetter?: (line: number, reason: string) => void;
}

export interface ReplayStats {
  lines: number;
  accepted: number;
  duplicates: number;
  deadLettered: number;
  outputs: number;
  /** The outputs (dead letters not included) counted by topic. */
  outputsByTopic: Partial<Record<Topic, number>>;
}

export const REPLAY_SOURCE = 'dealerflow-replay';

/** Events read ahead before the ready ones are applied; a fetch of a live task, in effect. */
const READ_AHEAD = 4_096;
/** A read-ahead this full applies everything (a long run of one instant must not hold the whole file). */
const READ_AHEAD_LIMIT = 262_144;

interface Buffered extends Timed {
  event: InputEvent;
}

/**
 * Runs every worker over a stream of NDJSON input lines and hands each output line (NDJSON, with
 * `topic`) to `write` in the order it was emitted. Events are applied in event-time order, as a task
 * of the distributed runtime takes them from its partitions (see `takeInEventTimeOrder`), so each
 * dealer's outputs are the ones any partitioning gives. A line that is not an event of the contract
 * becomes one dead letter when it is read, and the replay goes on; a repeated `eventId` is ignored
 * (the first one read counts). Blank lines carry nothing and are skipped. Same lines in, same bytes out.
 */
export async function replay(
  lines: AsyncIterable<string> | Iterable<string>,
  write: (line: string) => void | Promise<void>,
  options: ReplayOptions = {},
): Promise<ReplayStats> {
  const pipeline = createPipeline({ workers: options.workers ?? WORKERS, policies: options.policies, dedupe: false });
  const stats: ReplayStats = { lines: 0, accepted: 0, duplicates: 0, deadLettered: 0, outputs: 0, outputsByTopic: {} };
  const seen = new Set<string>();
  const queue: MergeQueue<Buffered> = { items: [], atEnd: false };

  async function applyReady(): Promise<void> {
    for (const { event } of takeInEventTimeOrder([queue], queue.items.length >= READ_AHEAD_LIMIT)) {
      const result = pipeline.accept(event);
      for (const failure of result.failures) {
        stats.deadLettered += 1;
        await write(JSON.stringify(toWorkerFailureDeadLetter({ event, ...failure, at: pipeline.clockOf(failure.dealerId) })));
      }
      for (const emitted of result.outputs) {
        stats.outputs += 1;
        const topic = OUTPUT_TOPIC[emitted.output.type];
        stats.outputsByTopic[topic] = (stats.outputsByTopic[topic] ?? 0) + 1;
        // Only a writer that pushes back returns a promise; awaiting a plain return would cost a
        // turn of the microtask queue per output.
        const pending = write(outputLine(emitted));
        if (pending) await pending;
      }
    }
  }

  for await (const text of lines) {
    stats.lines += 1;
    if (text.trim().length === 0) continue;
    const parsed = parseInputLine(text, { ingest: options.ingest });
    if (!parsed.ok) {
      stats.deadLettered += 1;
      options.onDeadLetter?.(stats.lines, parsed.reason);
      const deadLetter = toDeadLetterEnvelope({
        raw: parsed.raw,
        text,
        reason: parsed.reason,
        topic: parsed.topic,
        position: `line:${stats.lines}`,
        watermark: pipeline.watermark(),
        source: REPLAY_SOURCE,
      });
      await write(JSON.stringify(deadLetter));
      continue;
    }
    const { event } = parsed;
    if (seen.has(event.eventId)) {
      stats.duplicates += 1;
      continue;
    }
    seen.add(event.eventId);
    stats.accepted += 1;
    queue.items.push({ event, at: instantOf(event.occurredAt), rank: topicRankOf(event.type) });
    if (queue.items.length % READ_AHEAD === 0) await applyReady();
  }
  queue.atEnd = true;
  await applyReady();
  return stats;
}
