import { OUTPUT_TOPIC, parseInputLine, type Topic } from '@dealerflow/contracts';
import { createPipeline, WORKERS, type AnyWorker, type WorkerName } from '@dealerflow/domain';
import { outputLine, toDeadLetterEnvelope } from '../envelope';

export interface ReplayOptions {
  workers?: readonly AnyWorker[];
  /** Resolved policies per worker (see resolvePolicies); defaults otherwise. */
  policies?: Partial<Record<WorkerName, unknown>>;
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

/**
 * Runs every worker over a stream of NDJSON input lines, in stream order, and hands each output
 * line (NDJSON, with `topic`) to `write` in the order it was emitted. A line that is not an event
 * of the contract becomes one dead letter and the replay goes on. Blank lines carry nothing and
 * are skipped. Same lines in, same bytes out.
 */
export async function replay(
  lines: AsyncIterable<string> | Iterable<string>,
  write: (line: string) => void | Promise<void>,
  options: ReplayOptions = {},
): Promise<ReplayStats> {
  const pipeline = createPipeline({ workers: options.workers ?? WORKERS, policies: options.policies });
  const stats: ReplayStats = { lines: 0, accepted: 0, duplicates: 0, deadLettered: 0, outputs: 0, outputsByTopic: {} };
  for await (const text of lines) {
    stats.lines += 1;
    if (text.trim().length === 0) continue;
    const parsed = parseInputLine(text);
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
    const result = pipeline.accept(parsed.event);
    if (result.duplicate) {
      stats.duplicates += 1;
      continue;
    }
    stats.accepted += 1;
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
  return stats;
}
