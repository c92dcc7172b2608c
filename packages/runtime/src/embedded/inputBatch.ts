import type { InputEvent } from '@dealerflow/contracts';
import type { SqlExecutor } from '@dealerflow/db';
import { instantOf } from '@dealerflow/domain';
import { takeInEventTimeOrder, topicRankOf, type MergeQueue, type Timed } from '../task';

export interface InputBatch {
  /** The events to apply, in event-time order (as the replay and a Kafka task take them). */
  events: InputEvent[];
  /** `seq` of the last row the batch takes: what it applies is the log's rows up to it. */
  end: bigint;
}

interface LoggedEvent extends Timed {
  seq: bigint;
  event: InputEvent;
}

/**
 * The next batch after `position`. Normally at most `batchSize` rows, of which a batch cut short by
 * its size holds back its last instant (it may go on in the rows after it; they are read again with
 * the next batch). With `end` — a batch re-applied after a restart — exactly the rows up to `end`,
 * which is where that batch ended the first time: the same rows in the same order, so the same
 * outputs. What is applied is always a prefix of the log. Undefined when there is nothing new.
 */
export async function readInputBatch(executor: SqlExecutor, position: bigint, batchSize: number, end?: bigint): Promise<InputBatch | undefined> {
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
  if (rows.length === 0) return undefined;
  return readyEvents(rows, end !== undefined || rows.length < batchSize);
}

function readyEvents(rows: readonly { seq: bigint; body: string }[], atEnd: boolean): InputBatch {
  const items: LoggedEvent[] = rows.map((row) => {
    const event = JSON.parse(row.body) as InputEvent;
    return { seq: row.seq, event, at: instantOf(event.occurredAt), rank: topicRankOf(event.type) };
  });
  const queue: MergeQueue<LoggedEvent> = { items: [...items], atEnd };
  let ready = takeInEventTimeOrder([queue]);
  // A whole batch at one instant: apply it rather than stall.
  if (ready.length === 0) ready = takeInEventTimeOrder([queue], true);
  return { events: ready.map((item) => item.event), end: items[ready.length - 1]!.seq };
}
