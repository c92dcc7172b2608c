import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { migrate, MIGRATIONS_TABLE, openDatabase, type Database } from '@dealerflow/db';
import { createDealerBoard } from '../src/board/createDealerBoard';
import { foldBoardBatch, type LoggedInput } from '../src/board/foldBoardBatch';
import { writeBoardChanges } from '../src/board/writeBoardChanges';
import type { DealerBoard } from '../src/embedded/boardPorts';
import type { WorkerStateView } from '../src/ports/workerStateView';
import { runtimeBackends } from '../src/testing/runtimeBackends';

// The audit of finance's decisions on the board (PGlite): a keep's last day is kept with the decision, and
// records projected before it was are given theirs by migration 20260426000000_audit_keep_until (both backends).
const backends = await runtimeBackends('dealerflow-audit-');
const BACKFILL = '20260426000000_audit_keep_until';
let database: Database;
let board: DealerBoard;

beforeAll(async () => {
  database = await openDatabase();
  board = createDealerBoard(database.prisma, { workerStates: {} as WorkerStateView });
});
afterAll(() => database.close());

describe('the audit of credit decisions', () => {
  it("carries a keep's last day (keepUntil), null for a keep without one, a release and a limit", async () => {
    const e = createEventBuilder();
    const inputs: LoggedInput[] = [
      e('credit.decision.recorded', '2026-04-02T10:00:00Z', { holdId: 'hold-D-1-1', decision: 'keep', keepUntil: '2026-04-30', decidedBy: 'Fran', note: 'bank guarantee' }),
      e('credit.decision.recorded', '2026-04-03T10:00:00Z', { holdId: 'hold-D-1-1', decision: 'keep', decidedBy: 'Fran' }),
      e('credit.decision.recorded', '2026-04-04T10:00:00Z', { holdId: 'hold-D-1-1', decision: 'release', overrideUntil: '2026-04-20', decidedBy: 'Fran' }),
      e('credit.limit.set', '2026-04-05T10:00:00Z', { creditLimit: 15_000, note: 'review', decidedBy: 'Fran', decidedAt: '2026-04-05T10:00:00Z' }),
    ].map((event, index) => ({ seq: BigInt(index + 1), event: event as LoggedInput['event'] }));
    await database.prisma.$transaction((tx) => writeBoardChanges(tx, foldBoardBatch({ inputs, outputs: [], credit: new Map() })));

    const { items } = await board.creditDecisions({ dealerId: 'D-1', limit: 10 });
    expect(items.map(({ decision, keepUntil, overrideUntil }) => ({ decision, keepUntil, overrideUntil }))).toEqual([
      { decision: 'set_limit', keepUntil: null, overrideUntil: null },
      { decision: 'release', keepUntil: null, overrideUntil: '2026-04-20' },
      { decision: 'keep', keepUntil: null, overrideUntil: null },
      { decision: 'keep', keepUntil: '2026-04-30', overrideUntil: null },
    ]);
  });
});

describe.each(backends)('records projected before keepUntil, on $name', (backend) => {
  it.skipIf(backend.skip)(`are given the decision's last day from the input log, null elsewhere${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async () => {
    const db = await openDatabase(await backend.options());
    try {
      const e = createEventBuilder();
      const keep = e('credit.decision.recorded', '2026-04-02T10:00:00Z', { holdId: 'hold-D-1-1', decision: 'keep', keepUntil: '2026-04-30', decidedBy: 'Fran', note: 'nul \u0000 in a note' });
      const release = e('credit.decision.recorded', '2026-04-03T10:00:00Z', { holdId: 'hold-D-1-1', decision: 'release', decidedBy: 'Fran' });
      // As the board wrote them before: the same records without the field; one without its input in the log.
      const rows = [keep, release, { ...release, eventId: 'not-in-the-log', occurredAt: '2026-04-04T10:00:00Z' }];
      for (const [index, event] of rows.entries()) {
        const { holdId, decision, decidedBy, note, overrideUntil } = event.data;
        const item = { eventId: event.eventId, dealerId: 'D-1', holdId, decision, decidedBy, note: note ?? null, overrideUntil: overrideUntil ?? null, creditLimit: null, decidedAt: event.occurredAt, effectiveAt: event.occurredAt };
        await db.sql.query(
          `INSERT INTO board_credit_decision (event_id, dealer_id, hold_id, decided_at, input_seq, item) VALUES ($1, 'D-1', $2, $3::timestamptz, $4, $5)`,
          [event.eventId, holdId ?? null, event.occurredAt, index + 1, JSON.stringify(item)],
        );
      }
      for (const event of [keep, release]) {
        await db.sql.query(
          `INSERT INTO input_log (event_id, type, topic, dealer_id, occurred_at, body) VALUES ($1, $2, 'finance', 'D-1', $3::timestamptz, $4)`,
          [event.eventId, event.type, event.occurredAt, JSON.stringify(event)],
        );
      }
      await db.sql.query(`DELETE FROM "${MIGRATIONS_TABLE}" WHERE name = $1`, [BACKFILL]);
      expect((await migrate(db.sql)).applied).toEqual([BACKFILL]);

      const audit = createDealerBoard(db.prisma, { workerStates: {} as WorkerStateView });
      const { items } = await audit.creditDecisions({ dealerId: 'D-1', limit: 10 });
      expect(items.map(({ eventId, keepUntil, note }) => ({ eventId, keepUntil, note }))).toEqual([
        { eventId: 'not-in-the-log', keepUntil: null, note: null },
        { eventId: release.eventId, keepUntil: null, note: null },
        { eventId: keep.eventId, keepUntil: '2026-04-30', note: 'nul \u0000 in a note' },
      ]);
    } finally {
      await db.close();
    }
  });
});
