import type { InputEvent } from '@dealerflow/contracts';

/** An input event as `input_log` holds it: its position and the event the contract parsed. */
export interface LoggedInput {
  seq: bigint;
  event: InputEvent;
}

export interface InputTail {
  /** Rows the event log has just committed, in `seq` order (rows at or before the last held one are ignored). */
  push(rows: readonly LoggedInput[]): void;
  /**
   * The held rows after `position` (and at most `end`), at most `limit`, in `seq` order. Rows at or
   * before `position` are forgotten: the runner has applied them.
   */
  after(position: bigint, limit: number, end?: bigint): LoggedInput[];
}

/**
 * The newest rows of `input_log`, kept in memory by the process that appended them, so the runner
 * in the same process takes the events ingest has parsed instead of reading their bodies back and
 * parsing them again (the SELECT and `JSON.parse` of every event: measured in docs/performance.md,
 * "Sixth round"). The log stays the truth: the tail only ever holds committed rows, the runner
 * checks with one count that they are all the log holds in the range it takes (another process may
 * append too) and reads the log whenever they are not, and a restart starts with an empty tail.
 *
 * Bounded: when `capacity` rows are held, new rows are not kept; the runner then reads them from the
 * log, as it reads everything after a restart. Rows are held in an array with a moving start, so
 * forgetting is O(1) per row. Nothing is held until the runner first asks (`after`): a process whose
 * runner does not run (ingest only, or a standby while another process runs the tasks) keeps no copy.
 */
export function createInputTail(capacity = 20_000): InputTail {
  let rows: LoggedInput[] = [];
  let start = 0;
  let last = -1n;
  let asked = false;

  function forgetUpTo(position: bigint): void {
    while (start < rows.length && rows[start]!.seq <= position) start += 1;
    if (start > 1024 && start * 2 > rows.length) {
      rows = rows.slice(start);
      start = 0;
    }
  }

  return {
    push(committed) {
      if (!asked) return;
      for (const row of committed) {
        if (row.seq <= last) continue;
        if (rows.length - start >= capacity) return;
        rows.push(row);
        last = row.seq;
      }
    },
    after(position, limit, end) {
      asked = true;
      forgetUpTo(position);
      const taken: LoggedInput[] = [];
      for (let index = start; index < rows.length && taken.length < limit; index += 1) {
        const row = rows[index]!;
        if (end !== undefined && row.seq > end) break;
        taken.push(row);
      }
      return taken;
    },
  };
}
