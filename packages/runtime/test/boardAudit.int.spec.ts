import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { openDatabase, type Database } from '@dealerflow/db';
import { createDealerBoard } from '../src/board/createDealerBoard';
import { foldBoardBatch, type LoggedInput } from '../src/board/foldBoardBatch';
import { writeBoardChanges } from '../src/board/writeBoardChanges';
import type { DealerBoard } from '../src/embedded/boardPorts';
import type { WorkerStateView } from '../src/ports/workerStateView';

// The audit of finance's decisions on the board (PGlite): a keep's last day is kept with the decision.
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
