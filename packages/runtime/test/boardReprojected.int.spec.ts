import { describe, expect, it } from 'vitest';
import type { InputEvent, OutputEvent } from '@dealerflow/contracts';
import { readExample } from '@dealerflow/contracts/examples';
import { migrate, MIGRATIONS_TABLE, openDatabase, type Database } from '@dealerflow/db';
import { createBoardProjector } from '../src/board/boardProjector';
import { createDealerBoard } from '../src/board/createDealerBoard';
import { createCreditHoldReader } from '../src/embedded/creditHolds';
import { silentLogger } from '../src/embedded/logger';
import { insertOutputs } from '../src/embedded/outputLog';
import type { WorkerStateView } from '../src/ports/workerStateView';
import { runtimeBackends } from '../src/testing/runtimeBackends';

// An upgrade whose projection changed projects the board again from the logs (migration 20260427000000_board_reprojected):
// a database whose board an older release wrote — the audit's records without creditLimit and effectiveAt, no record of a
// limit finance set, a hold's review without its score (before 8f85de6) — reads, after the migration and a start of the
// projector, exactly what this release projects from the same logs.
const backends = await runtimeBackends('dealerflow-reprojected-');
const REPROJECTED = '20260427000000_board_reprojected';

/** The three inputs are a dealer's (the union of inputs also holds company-wide ones, without dealerId). */
type DealerInput = Extract<InputEvent, { dealerId: string }>;
const inputs = ['dealer.upserted', 'credit.decision.recorded', 'credit.limit.set'].map((type) => readExample(type as DealerInput['type']) as unknown as DealerInput);
const outputs = ['credit.hold.placed', 'credit.review.requested'].map((type) => readExample(type as OutputEvent['type']) as unknown as OutputEvent);
const decision = inputs[1]!;
const limitSet = inputs[2]!;
const holdId = (outputs[0]!.data as { holdId: string }).holdId;

async function writeLogs(db: Database): Promise<void> {
  for (const event of inputs) {
    await db.sql.query(`INSERT INTO input_log (event_id, type, topic, dealer_id, occurred_at, body) VALUES ($1, $2, 'test', $3, $4::timestamptz, $5)`, [
      event.eventId,
      event.type,
      event.dealerId,
      event.occurredAt,
      JSON.stringify(event),
    ]);
  }
  await insertOutputs(db.prisma, outputs);
}

/** What the dashboards and the API read of the board and the hold list (a start opens new readers: positions are read again). */
async function readBack(db: Database) {
  const board = createDealerBoard(db.prisma, { workerStates: {} as WorkerStateView });
  await createBoardProjector({ prisma: db.prisma, logger: silentLogger }).drain();
  const holds = createCreditHoldReader(db.prisma);
  return {
    decisions: (await board.creditDecisions({ limit: 10 })).items,
    dealers: (await board.listDealers({ limit: 10 })).items,
    holds: await holds.list({ status: 'all' }),
  };
}

/** Rows as the release before 8f85de6 left them: it did not project credit.limit.set, nor keep a review's score. */
async function writeOldShapes(db: Database): Promise<void> {
  const [row] = await db.sql.query<{ item: string }>(`SELECT item FROM board_credit_decision WHERE event_id = $1`, [decision.eventId]);
  const { creditLimit: _limit, effectiveAt: _effective, ...old } = JSON.parse(row!.item) as Record<string, unknown>;
  await db.sql.query(`UPDATE board_credit_decision SET item = $2 WHERE event_id = $1`, [decision.eventId, JSON.stringify(old)]);
  await db.sql.query(`DELETE FROM board_credit_decision WHERE event_id = $1`, [limitSet.eventId]);
  const [hold] = await db.sql.query<{ item: string }>(`SELECT item FROM credit_hold_view WHERE hold_id = $1`, [holdId]);
  const item = JSON.parse(hold!.item) as { review: Record<string, unknown> };
  delete item.review.score;
  await db.sql.query(`UPDATE credit_hold_view SET item = $2 WHERE hold_id = $1`, [holdId, JSON.stringify(item)]);
}

describe.each(backends)('a board projected by an older release, on $name', (backend) => {
  it.skipIf(backend.skip)(`is projected again from the logs by the upgrade${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async () => {
    const db = await openDatabase(await backend.options());
    try {
      await writeLogs(db);
      const current = await readBack(db);
      expect(current.decisions.map(({ eventId, creditLimit, effectiveAt }) => ({ eventId, creditLimit, effectiveAt }))).toEqual([
        { eventId: limitSet.eventId, creditLimit: 600_000, effectiveAt: limitSet.occurredAt },
        { eventId: decision.eventId, creditLimit: null, effectiveAt: decision.occurredAt },
      ]);
      expect(current.holds[0]?.review?.score).toEqual((outputs[1]!.data as { score: unknown }).score);

      await writeOldShapes(db);
      // Without the migration a start projects only what comes after its positions: the old rows stay as they are.
      const stale = await readBack(db);
      expect(stale.decisions).toHaveLength(1);
      expect(stale.decisions[0]).not.toHaveProperty('effectiveAt');
      expect(stale.holds[0]?.review).not.toHaveProperty('score');

      await db.sql.query(`DELETE FROM "${MIGRATIONS_TABLE}" WHERE name = $1`, [REPROJECTED]);
      expect((await migrate(db.sql)).applied).toEqual([REPROJECTED]);
      expect(await readBack(db)).toEqual(current);
    } finally {
      await db.close();
    }
  });
});
