import { Mutex } from 'async-mutex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputEvent } from '@dealerflow/contracts';
import { openDatabase, type Database } from '@dealerflow/db';
import { generateStream } from '@dealerflow/testkit';
import { createEventLog } from '../src/embedded/eventLog';
import { readInputBatch } from '../src/embedded/inputBatch';
import { createInputTail, type InputTail, type LoggedInput } from '../src/embedded/inputTail';

// The runner's batches with and without the events ingest hands over (inputTail.ts), on the embedded database.
let database: Database;
let logged: LoggedInput[];
const ingest = { maxFutureSkewMinutes: Number.MAX_SAFE_INTEGER };

beforeAll(async () => {
  database = await openDatabase();
  const tail = createInputTail();
  // The runner has asked once (a tail holds nothing before).
  tail.after(0n, 1);
  const eventLog = createEventLog({ sql: database.sql, writeLock: new Mutex(), watermark: () => undefined, onAppended: () => {}, tail, ingest });
  // Ten days: the simulated New Year holidays (1–3 January) ship nothing, and eight days no longer hold 300 events.
  const lines = [...generateStream({ dealers: 8, skus: 20, days: 10, seed: 7 })].slice(0, 300).map((event) => JSON.stringify(event));
  // A repeated event is acknowledged and not logged twice: the tail holds what the log holds.
  await eventLog.append([...lines.slice(0, 150), lines[3]!].map((text) => ({ text })));
  await eventLog.append(lines.slice(150).map((text) => ({ text })));
  logged = tail.after(0n, 1_000);
  expect(logged.length).toBe(300);
});
afterAll(async () => {
  await database.close();
});

const ids = (events: readonly InputEvent[]) => events.map((event) => event.eventId);

describe('reading a batch', () => {
  it('the event log hands over every event it committed, with its position, as the log holds it', async () => {
    const rows = await database.sql.query<{ seq: bigint; body: string }>(`SELECT seq, body FROM input_log ORDER BY seq`);
    expect(logged.map((row) => row.seq)).toEqual(rows.map((row) => row.seq));
    expect(logged.map((row) => row.event)).toEqual(rows.map((row) => JSON.parse(row.body)));
  });

  it('takes the handed-over events when the log holds exactly those, and gives the batch the log gives', async () => {
    const tail = tailOf(logged);
    const fromTail = await readInputBatch(database.sql, 0n, 120, undefined, tail);
    const fromLog = await readInputBatch(database.sql, 0n, 120);
    expect(fromTail!.end).toBe(fromLog!.end);
    expect(ids(fromTail!.events)).toEqual(ids(fromLog!.events));
    // The very objects ingest parsed: nothing was read back.
    expect(fromTail!.events[0]).toBe(logged.find((row) => row.event.eventId === fromTail!.events[0]!.eventId)!.event);
  });

  it('reads the log when the tail lacks a row in the range (another writer, a row it could not keep)', async () => {
    const gap = tailOf(logged.filter((_, index) => index !== 40));
    const batch = await readInputBatch(database.sql, 0n, 120, undefined, gap);
    const fromLog = await readInputBatch(database.sql, 0n, 120);
    expect(ids(batch!.events)).toEqual(ids(fromLog!.events));
    expect(batch!.events.some((event) => event === logged[0]!.event)).toBe(false);
  });

  it('re-applies exactly the rows up to a recorded end, from the log when the tail stops short of it', async () => {
    const end = logged[99]!.seq;
    const short = tailOf(logged.slice(0, 60));
    const batch = await readInputBatch(database.sql, 0n, 10_000, end, short);
    expect(batch!.end).toBe(end);
    expect(batch!.events).toHaveLength(100);
    const whole = await readInputBatch(database.sql, 0n, 10_000, end, tailOf(logged));
    expect(ids(whole!.events)).toEqual(ids(batch!.events));
  });
});

function tailOf(rows: readonly LoggedInput[]): InputTail {
  const tail = createInputTail();
  tail.after(0n, 1);
  tail.push(rows);
  return tail;
}
