import type { InputEvent } from '@dealerflow/contracts';
import type { SqlExecutor } from '@dealerflow/db';
import { instantOf } from '@dealerflow/domain';
import { takeInEventTimeOrder, topicRankOf, type MergeQueue, type Timed } from '../task';
import type { InputTail, LoggedInput } from './inputTail';

export interface InputBatch {
  /** The events to apply, in event-time order (as the replay and a Kafka task take them). */
  events: InputEvent[];
  /** `seq` of the last row the batch takes: what it applies is the log's rows up to it. */
  end: bigint;
}

interface TimedInput extends LoggedInput, Timed {}

/**
 * The next batch after `position`. Normally at most `batchSize` rows, of which a batch cut short by
 * its size holds back its last instant (it may go on in the rows after it; they are read again with
 * the next batch). With `end` — a batch re-applied after a restart — exactly the rows up to `end`,
 * which is where that batch ended the first time: the same rows in the same order, so the same
 * outputs. What is applied is always a prefix of the log. Undefined when there is nothing new.
 *
 * With a `tail` (the rows this process's ingest just committed), the rows come from it when the log
 * holds exactly those in the range (one count), else from the log itself.
 */
export async function readInputBatch(executor: SqlExecutor, position: bigint, batchSize: number, end?: bigint, tail?: InputTail): Promise<InputBatch | undefined> {
  const held = tail?.after(position, batchSize, end) ?? [];
  if (held.length > 0 && (await logHoldsExactly(executor, position, end ?? held[held.length - 1]!.seq, held.length))) {
    return readyEvents(held, end !== undefined || held.length < batchSize);
  }
  const rows = await readLogRows(executor, position, batchSize, end);
  if (rows.length === 0) return undefined;
  return readyEvents(rows, end !== undefined || rows.length < batchSize);
}

/** Whether `input_log` has exactly `count` rows in (`position`, `upTo`]: then the tail's rows there are all of them. */
async function logHoldsExactly(executor: SqlExecutor, position: bigint, upTo: bigint, count: number): Promise<boolean> {
  const [row] = await executor.query<{ n: number }>(`SELECT count(*)::int AS n FROM input_log WHERE seq > $1::bigint AND seq <= $2::bigint`, [
    String(position),
    String(upTo),
  ]);
  return row?.n === count;
}

async function readLogRows(executor: SqlExecutor, position: bigint, batchSize: number, end?: bigint): Promise<LoggedInput[]> {
  const rows =
    end === undefined
      ? await executor.query<{ seq: bigint; body: string }>(`SELECT seq, body FROM input_log WHERE seq > $1::bigint ORDER BY seq LIMIT $2::int`, [
          String(position),
          batchSize,
        ])
      : await executor.query<{ seq: bigint; body: string }>(`SELECT seq, body FROM input_log WHERE seq > $1::bigint AND seq <= $2::bigint ORDER BY seq`, [
          String(position),
          String(end),
        ]);
  return rows.map((row) => ({ seq: row.seq, event: JSON.parse(row.body) as InputEvent }));
}

function readyEvents(rows: readonly LoggedInput[], atEnd: boolean): InputBatch {
  const items: TimedInput[] = rows.map((row) => ({ ...row, at: instantOf(row.event.occurredAt), rank: topicRankOf(row.event.type) }));
  const queue: MergeQueue<TimedInput> = { items: [...items], atEnd };
  let ready = takeInEventTimeOrder([queue]);
  // A whole batch at one instant: apply it rather than stall.
  if (ready.length === 0) ready = takeInEventTimeOrder([queue], true);
  return { events: ready.map((item) => item.event), end: items[ready.length - 1]!.seq };
}
