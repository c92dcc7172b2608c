import { MAX_NESTING_DEPTH } from '@dealerflow/contracts';
import { readExample } from '@dealerflow/contracts/examples';
import { openEmbeddedRuntime, replay, type EmbeddedRuntime, type ReplayStats } from '@dealerflow/runtime';
import { afterEach, describe, expect, it } from 'vitest';
import { bearer, TOKENS } from './inMemoryRuntime';
import { runtimeBackends, serverOver } from './runtimeBackends';

// Issue 18, defects 2, 3 and 4: lines the store cannot keep, or dated far ahead, through the real HTTP
// server on PGlite and on PostgreSQL. Each failed on the code before: 503 for the whole body, two ids
// stored as one, a tick from 2099 taken.
const backends = await runtimeBackends('dealerflow-api-ingest-');

/** The server's time of ingest in these tests. */
const INGESTED_AT = '2026-06-01T00:00:00.000Z';

const tick = (eventId: string, occurredAt = '2026-04-21T09:01:00Z', data: string = '{}') =>
  `{"eventId":${JSON.stringify(eventId)},"type":"clock.tick","schemaVersion":1,"occurredAt":"${occurredAt}","data":${data}}`;

function order(change: (event: Record<string, any>) => void): string {
  const event = readExample('order.placed');
  change(event);
  return JSON.stringify(event);
}

/** `{"a":{"a":…}}`, `levels` objects deep. */
const nested = (levels: number) => `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;

let open: EmbeddedRuntime[] = [];
afterEach(async () => {
  await Promise.all(open.map((runtime) => runtime.close().catch(() => undefined)));
  open = [];
});

async function start(options: Awaited<ReturnType<(typeof backends)[number]['options']>>) {
  const runtime = await openEmbeddedRuntime({ ...options, ingestClock: () => Date.parse(INGESTED_AT) });
  open.push(runtime);
  return { runtime, app: serverOver(runtime) };
}

function postNdjson(app: ReturnType<typeof serverOver>, lines: readonly string[]) {
  return app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { ...bearer(TOKENS.ingest), 'content-type': 'application/x-ndjson' },
    payload: lines.join('\n'),
  });
}

async function deadLetters(app: ReturnType<typeof serverOver>): Promise<Record<string, any>[]> {
  const response = await app.inject({ method: 'GET', url: '/v1/outputs?topic=dealer.dead-letter.v1', headers: bearer(TOKENS.admin) });
  expect(response.statusCode).toBe(200);
  return response.body
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

async function storedIds(runtime: EmbeddedRuntime): Promise<string[]> {
  const rows = await runtime.prisma.inputLog.findMany({ orderBy: { seq: 'asc' }, select: { eventId: true } });
  return rows.map((row) => row.eventId);
}

async function replayed(lines: readonly string[]): Promise<{ stats: ReplayStats; reasons: [number, string][] }> {
  const reasons: [number, string][] = [];
  const stats = await replay(lines, () => {}, { onDeadLetter: (line, reason) => reasons.push([line, reason]) });
  return { stats, reasons };
}

const DEEPER = `nested deeper than ${MAX_NESTING_DEPTH} levels`;

describe.each(backends)('POST /v1/events on $name', (backend) => {
  const skipped = backend.skip ? ` — skipped: ${backend.skip}` : '';

  it.skipIf(backend.skip)(`(2) dead-letters U+0000 and 5,000-deep nesting, naming the field, and takes the rest${skipped}`, async () => {
    const { runtime, app } = await start(await backend.options());
    const lines = [
      tick('d2-ok-1'),
      order((e) => (e.eventId = 'd2-ord-\u0000')),
      order((e) => (e.dealerId = 'D-\u00001')),
      tick('d2-deep', '2026-04-21T09:01:00Z', nested(5_000)),
      order((e) => (e.data.lines[0].sku = 'PMP\u0000100')),
      tick('d2-ok-2'),
    ];
    const response = await postNdjson(app, lines);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      accepted: 2,
      deadLettered: 4,
      duplicates: 0,
      reasons: [
        { index: 1, line: 2, reason: 'eventId: contains U+0000' },
        { index: 2, line: 3, reason: 'dealerId: contains U+0000' },
        { index: 3, line: 4, reason: `data.a.a.a.….a.a: ${DEEPER}` },
        { index: 4, line: 5, reason: 'data.lines.0.sku: contains U+0000' },
      ],
    });
    expect(await storedIds(runtime)).toEqual(['d2-ok-1', 'd2-ok-2']);

    const kept = await deadLetters(app);
    expect(kept.map((letter) => letter.data.reason)).toEqual(response.json().reasons.map((r: { reason: string }) => r.reason));
    expect(kept[0]!.data.raw.eventId).toBe('d2-ord-\u0000');
    // A dealer id the store cannot keep addresses the dead letter to no dealer.
    expect(kept[1]).not.toHaveProperty('dealerId');
    expect(kept[2]!.data.topic).toBe('dealer.clock.v1');
    expect(JSON.stringify(kept[2]!.data.raw)).toContain(`[${DEEPER}]`);
    expect(kept[3]!.dealerId).toBe('D-1001');

    // The same lines as a JSON array: each element judged alone.
    const array = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { ...bearer(TOKENS.ingest), 'content-type': 'application/json' },
      payload: `[${tick('d2-ok-3')},${nested(5_000)},{"eventId":"d2-key","\\u0000":1},${tick('d2-ok-1')}]`,
    });
    expect(array.statusCode).toBe(202);
    expect(array.json()).toEqual({
      accepted: 1,
      deadLettered: 2,
      duplicates: 1,
      reasons: [
        { index: 1, reason: `a.a.a.a.….a.a: ${DEEPER}` },
        { index: 2, reason: '"\\u0000": the field name contains U+0000' },
      ],
    });

    // What the pipeline was given, it applies: nothing it cannot store got in.
    await runtime.runner.drain();
    expect((await runtime.health.check()).lag).toEqual({ credit: 0, stock: 0, delivery: 0, rebates: 0 });
  });

  it.skipIf(backend.skip)(`(3) ids that differ only in a lone surrogate are refused, as the replay refuses them${skipped}`, async () => {
    const { runtime, app } = await start(await backend.options());
    const lines = [tick('d3-\ud800'), tick('d3-\udfff'), tick('d3-\ud83d\ude00'), tick('d3-\ud83d\ude01')];
    const response = await postNdjson(app, lines);
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({
      accepted: 2,
      deadLettered: 2,
      duplicates: 0,
      reasons: [
        { index: 0, line: 1, reason: 'eventId: contains a lone surrogate (U+D800)' },
        { index: 1, line: 2, reason: 'eventId: contains a lone surrogate (U+DFFF)' },
      ],
    });
    // Two ids that differ only in a valid pair (an emoji) stay two.
    expect(await storedIds(runtime)).toEqual(['d3-\ud83d\ude00', 'd3-\ud83d\ude01']);

    const { stats, reasons } = await replayed(lines);
    expect({ accepted: stats.accepted, duplicates: stats.duplicates, deadLettered: stats.deadLettered }).toEqual({
      accepted: 2,
      duplicates: 0,
      deadLettered: 2,
    });
    expect(reasons).toEqual(response.json().reasons.map((r: { line: number; reason: string }) => [r.line, r.reason]));
    // The dead letter keeps the id readable by any JSON reader: the lone surrogate as U+FFFD.
    expect((await deadLetters(app)).map((letter) => letter.data.raw.eventId)).toEqual(['d3-\ufffd', 'd3-\ufffd']);
  });

  it.skipIf(backend.skip)(`(4) refuses a tick from 2099 at the door and records the time of ingest with each event${skipped}`, async () => {
    const { runtime, app } = await start(await backend.options());
    const dealer = JSON.stringify({ ...readExample('dealer.upserted'), eventId: 'd4-dealer' });
    const soon = '2026-06-01T00:10:00Z';
    const lines = [dealer, tick('d4-2099', '2099-01-01T00:00:00Z'), tick('d4-soon', soon)];
    const response = await postNdjson(app, lines);
    expect(response.statusCode).toBe(202);
    const refusal =
      'occurredAt: 2099-01-01T00:00:00Z is more than 15 minutes after receivedAt 2026-06-01T00:00:00.000Z (ingest.maxFutureSkewMinutes)';
    expect(response.json()).toEqual({ accepted: 2, deadLettered: 1, duplicates: 0, reasons: [{ index: 1, line: 2, reason: refusal }] });

    await runtime.runner.drain();
    // No dealer's clock was moved past what was taken.
    expect(runtime.runner.watermark()).toBe(Date.parse(soon));

    // The time of ingest is kept with each event: in the row and in the body a replay reads.
    const rows = await runtime.prisma.inputLog.findMany({ orderBy: { seq: 'asc' }, select: { eventId: true, receivedAt: true, body: true } });
    expect(rows.map((row) => [row.eventId, row.receivedAt.toISOString(), JSON.parse(row.body).receivedAt])).toEqual([
      ['d4-dealer', INGESTED_AT, INGESTED_AT],
      ['d4-soon', INGESTED_AT, INGESTED_AT],
    ]);
    // A replay of the log, with the refused line as it would have been stamped, gives the same verdicts.
    const stampedRefusal = JSON.stringify({ ...JSON.parse(lines[1]!), receivedAt: INGESTED_AT });
    const { stats, reasons } = await replayed([...rows.map((row) => row.body), stampedRefusal]);
    expect([stats.accepted, stats.deadLettered]).toEqual([2, 1]);
    expect(reasons).toEqual([[3, refusal]]);
  });

  it.skipIf(backend.skip)(`answers 503 only when the database cannot be reached${skipped}`, async () => {
    const { runtime, app } = await start(await backend.options());
    const bad = [tick('u-1'), tick('u-\u0000'), tick('u-2', '2099-01-01T00:00:00Z'), tick('u-3', '2026-04-21T09:01:00+16:00')];
    const taken = await postNdjson(app, bad);
    expect(taken.statusCode).toBe(202);
    expect(taken.json()).toMatchObject({ accepted: 1, deadLettered: 3 });
    expect(taken.json().reasons[2].reason).toBe('occurredAt: expected an offset between -14:00 and +14:00');
    await runtime.close();
    const unreachable = await postNdjson(app, [tick('u-4')]);
    expect(unreachable.statusCode).toBe(503);
    expect(unreachable.json().error).toBe('unavailable');
  });
});
