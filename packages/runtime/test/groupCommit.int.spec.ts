import { Mutex } from 'async-mutex';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { openDatabase, type Database } from '@dealerflow/db';
import { createEventLog, type IngestResult } from '../src';
import { runtimeBackends } from '../src/testing';

// The event log's group commit on the real databases: appends made at once share commits, and each
// gets the verdicts it would have got alone. PostgreSQL: DATABASE_URL when set, else the local server;
// when no server answers, the file fails under CI and that half is skipped elsewhere, with the reason.
const backends = await runtimeBackends('dealerflow-group-commit-');
const opened: Database[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((database) => database.close()));
});

const RECEIVED_AT = Date.parse('2026-03-10T12:00:00Z');

/**
 * Forty bodies of NDJSON lines: new events, an event repeated within a body, events repeated from an
 * earlier body (and from a later one: the first to arrive wins), and lines no event can be read from.
 */
function bodies(): string[][] {
  const e = createEventBuilder();
  const sale = (id: string, dealerId: string) =>
    JSON.stringify(e('dealer.sales.reported', '2026-03-01T10:00:00Z', { date: '2026-03-01', items: [{ sku: 'SKU-1', qty: 1 }] }, { eventId: id, dealerId }));
  return Array.from({ length: 40 }, (_, body) => {
    const lines = [sale(`E-${body}-a`, `D-${body % 5}`), sale(`E-${body}-b`, `D-${body % 3}`)];
    if (body % 4 === 0) lines.push(sale(`E-${body}-a`, `D-${body % 5}`));
    if (body % 5 === 1) lines.push(sale(`E-${body - 1}-b`, 'D-9'));
    if (body % 7 === 2) lines.push(sale(`E-${body + 1}-a`, 'D-8'));
    if (body % 6 === 3) lines.splice(1, 0, 'not json');
    if (body % 9 === 4) lines.push('{"eventId":"X","type":"order.shiped"}');
    return lines;
  });
}

async function openLog(target: Awaited<ReturnType<(typeof backends)[number]['options']>>) {
  const database = await openDatabase(target);
  opened.push(database);
  const commits: (bigint | null)[] = [];
  const writeLock = new Mutex();
  const log = createEventLog({
    sql: database.sql,
    writeLock,
    watermark: () => undefined,
    onAppended: () => {},
    onCommitted: (lastSeq) => void commits.push(lastSeq),
    clock: () => RECEIVED_AT,
  });
  async function eventIdsInOrder() {
    const rows = await database.sql.query<{ event_id: string }>(`SELECT event_id FROM input_log ORDER BY seq`);
    return rows.map((row) => row.event_id);
  }
  async function deadLetterCount() {
    const [row] = await database.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM output_log WHERE topic = 'dealer.dead-letter.v1'`);
    return row!.n;
  }
  return { log, writeLock, commits, eventIdsInOrder, deadLetterCount };
}

/** A result without its position, which depends on what else the commit held. */
function verdicts(result: IngestResult) {
  const { lastSeq, ...rest } = result;
  return { ...rest, addedSomething: lastSeq !== null };
}

describe.each(backends)('the event log on $name', (backend) => {
  it.skipIf(backend.skip)(`commits appends made at once together, each with the verdicts it gets alone${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async () => {
    const sent = bodies();
    const alone = await openLog(await backend.options());
    const expected: IngestResult[] = [];
    for (const lines of sent) expected.push(await alone.log.append(lines.map((text) => ({ text }))));
    expect(alone.commits).toHaveLength(sent.length);

    const together = await openLog(await backend.options());
    const results = await Promise.all(sent.map((lines) => together.log.append(lines.map((text) => ({ text })))));

    expect(results.map(verdicts)).toEqual(expected.map(verdicts));
    // The body's own indexes, and duplicates both within a body and across bodies.
    expect(results[3]!.reasons).toEqual([{ index: 1, reason: expect.stringMatching(/^invalid JSON/) }]);
    expect(results[0]).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(results[1]).toMatchObject({ accepted: 2, duplicates: 1 });
    expect(results[2]).toMatchObject({ accepted: 3, duplicates: 0 });
    // Body 2 carried body 3's first event before body 3 arrived: there it is the duplicate.
    expect(results[3]).toMatchObject({ accepted: 1, duplicates: 1, deadLettered: 1 });
    // Each body's last position is that of its own last new event: the positions follow the order the bodies arrived in.
    const positions = results.map((result) => result.lastSeq).filter((seq): seq is bigint => seq !== null);
    expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
    expect(await together.eventIdsInOrder()).toEqual(await alone.eventIdsInOrder());
    expect(await together.deadLetterCount()).toBe(await alone.deadLetterCount());
    // Bodies sent at once share commits (here all forty arrive before the first commit starts).
    expect(together.commits.length).toBeLessThan(sent.length);
  });

  it.skipIf(backend.skip)('appends events while the output log is locked (the runner writing outputs), and waits for it only to write dead letters', async () => {
    const { log, writeLock } = await openLog(await backend.options());
    const e = createEventBuilder({ dealerId: 'D-1' });
    const line = (id: string) =>
      JSON.stringify(e('dealer.sales.reported', '2026-03-01T10:00:00Z', { date: '2026-03-01', items: [{ sku: 'SKU-1', qty: 1 }] }, { eventId: id }));
    const release = await writeLock.acquire();
    expect(await log.append([{ text: line('L-1') }])).toMatchObject({ accepted: 1 });
    let deadLettered = false;
    const withDeadLetter = log.append([{ text: line('L-2') }, { text: 'not json' }]).then((result) => {
      deadLettered = true;
      return result;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(deadLettered).toBe(false);
    release();
    expect(await withDeadLetter).toMatchObject({ accepted: 1, deadLettered: 1 });
  });
});
