import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InputEvent, OutputEvent } from '@dealerflow/contracts';
import { openDatabase, type Database } from '@dealerflow/db';
import { createDealerBoard } from '../src/board/createDealerBoard';
import { foldBoardBatch, type LoggedInput, type LoggedOutput } from '../src/board/foldBoardBatch';
import { writeBoardChanges } from '../src/board/writeBoardChanges';
import type { DealerBoard } from '../src/embedded/boardPorts';
import { openEmbeddedRuntime } from '../src/embedded/openEmbeddedRuntime';
import type { WorkerStateView } from '../src/ports/workerStateView';

// Issue 21 on the board: open tier suggestions (one per dealer, gone once accepted or when master data
// carries the class) and rebate adjustments, folded, written and read back on PGlite.
const example = <T>(type: string): T =>
  JSON.parse(readFileSync(join(import.meta.dirname, '../../contracts/examples', `${type}.json`), 'utf8')) as T;
const suggested = example<Extract<OutputEvent, { type: 'dealer.tier.suggested' }>>('dealer.tier.suggested');
const adjustment = example<Extract<OutputEvent, { type: 'rebate.adjustment.issued' }>>('rebate.adjustment.issued');
const accepted = example<Extract<InputEvent, { type: 'dealer.tier.accepted' }>>('dealer.tier.accepted');

let seq = 0n;
const logged = (output: OutputEvent): LoggedOutput => ({ seq: (seq += 1n), output });
const input = (event: InputEvent): LoggedInput => ({ seq: (seq += 1n), event: event as LoggedInput['event'] });
const suggestion = (dealerId: string, month: string, suggestedTier: 'A' | 'B' | 'C' | 'D' = 'A') =>
  logged({ ...suggested, eventId: `out-${dealerId}-${month}`, dealerId, data: { ...suggested.data, month, suggestedTier } } as OutputEvent);
const profile = (dealerId: string, tier: 'A' | 'B' | 'C') =>
  input({
    eventId: `up-${dealerId}-${tier}`, type: 'dealer.upserted', schemaVersion: 1, occurredAt: '2026-05-07T00:00:00Z', dealerId, source: 'erp',
    data: { name: dealerId, tier, region: 'East', locale: 'en', currency: 'CNY', creditLimit: 1000, paymentTerms: { netDays: 30 }, leadTimeDays: 5 },
  } as InputEvent);

let database: Database;
let board: DealerBoard;
async function project(outputs: LoggedOutput[], inputs: LoggedInput[] = []): Promise<void> {
  const changes = foldBoardBatch({ inputs, outputs, credit: new Map() });
  await database.prisma.$transaction((tx) => writeBoardChanges(tx, changes));
}
const openFor = async (dealerId?: string) => (await board.tierSuggestions({ dealerId, limit: 10 })).items.map((item) => `${item.dealerId} ${item.month}`);

beforeAll(async () => {
  database = await openDatabase();
  board = createDealerBoard(database.prisma, { workerStates: {} as WorkerStateView });
});
afterAll(() => database.close());

describe('the board keeps tier suggestions and rebate adjustments', () => {
  it('lists a dealer latest suggestion only, and drops it once its month is accepted', async () => {
    await project([suggestion('D-1002', '2026-03'), suggestion('D-1002', '2026-04'), suggestion('D-7', '2026-04', 'B')], [profile('D-1002', 'B')]);
    expect(await openFor()).toEqual(['D-7 2026-04', 'D-1002 2026-04']);
    const [item] = (await board.tierSuggestions({ dealerId: 'D-1002', limit: 10 })).items;
    expect(item).toMatchObject({ currentTier: 'B', suggestedTier: 'A', sales: 912750.5, rank: 2, cumulativeShare: 0.956348, occurredAt: suggested.occurredAt });

    await project([], [input(accepted)]);
    expect(await openFor()).toEqual(['D-7 2026-04']);
    // Written twice (a batch read again after a crash), an older suggestion does not come back.
    await project([{ seq: 1n, output: suggestion('D-1002', '2026-03').output }]);
    expect(await openFor()).toEqual(['D-7 2026-04']);
    // A later month's suggestion is open again.
    await project([suggestion('D-1002', '2026-05')]);
    expect(await openFor('D-1002')).toEqual(['D-1002 2026-05']);
  });

  it('hides a suggestion accepted before it was projected, and one master data already carries', async () => {
    await project([], [input({ ...accepted, eventId: 'acc-D-9', dealerId: 'D-9', data: { ...accepted.data, month: '2026-06' } } as InputEvent)]);
    await project([suggestion('D-9', '2026-06')]);
    expect(await openFor('D-9')).toEqual([]);
    await project([], [profile('D-7', 'B')]);
    expect(await openFor('D-7')).toEqual([]);
  });

  it("reads a dealer's latest suggestion whatever became of it: open, accepted, or carried by master data", async () => {
    expect(await board.latestTierSuggestion('D-20')).toBeUndefined();
    await project([suggestion('D-20', '2026-04'), suggestion('D-21', '2026-04', 'C')], [profile('D-20', 'B'), profile('D-21', 'C')]);
    expect(await board.latestTierSuggestion('D-20')).toMatchObject({ dealerId: 'D-20', month: '2026-04', suggestedTier: 'A', rank: 2, cumulativeShare: 0.956348, status: 'open' });
    expect(await board.latestTierSuggestion('D-21')).toMatchObject({ month: '2026-04', suggestedTier: 'C', status: 'in_master_data' });

    await project([], [input({ ...accepted, eventId: 'acc-D-20', dealerId: 'D-20', data: { ...accepted.data, month: '2026-04' } } as InputEvent)]);
    expect(await board.latestTierSuggestion('D-20')).toMatchObject({ month: '2026-04', status: 'accepted' });
    expect(await openFor('D-20')).toEqual([]);
    // The next month's suggestion is the latest, and open again.
    await project([suggestion('D-20', '2026-05')]);
    expect(await board.latestTierSuggestion('D-20')).toMatchObject({ month: '2026-05', status: 'open' });
  });

  it('keeps every adjustment once, newest first, with before, after and the difference', async () => {
    const later = { ...adjustment, eventId: 'out-adj-2', occurredAt: '2026-07-10T00:00:00.000Z' } as OutputEvent;
    const batch = [logged(adjustment), logged(later)];
    await project(batch);
    await project(batch);
    const page = await board.rebateAdjustments({ dealerId: 'D-1001', limit: 10 });
    expect(page.items.map((item) => item.occurredAt)).toEqual(['2026-07-10T00:00:00.000Z', '2026-07-09T10:12:00.000Z']);
    expect(page.items[1]).toMatchObject({ dealerId: 'D-1001', previousRebateAmount: 6854, rebateAmount: 6670, adjustmentAmount: -184, reason: 'return' });
    expect((await board.rebateAdjustments({ dealerId: 'D-2', limit: 10 })).items).toEqual([]);
  });
});

describe('the embedded runtime, end to end', () => {
  it('puts the rebate worker suggestion on the board, and takes it off once operations accept it', async () => {
    const runtime = await openEmbeddedRuntime();
    try {
      const upserted = (dealerId: string, tier: 'A' | 'B' | 'C') => ({ ...(profile(dealerId, tier).event as object), occurredAt: '2026-04-01T00:00:00Z' }) as InputEvent;
      const totals = example<InputEvent>('sales.totals.published');
      const feed = async (events: InputEvent[]) => {
        await runtime.eventLog.append(events.map((value) => ({ value })));
        await runtime.runner.drain();
        await runtime.boardProjector.drain();
      };
      // D-1002 makes 17 % of the sales and is second: class A by the 80/20 rule, tier B in master data.
      await feed([upserted('D-1001', 'A'), upserted('D-1002', 'B'), upserted('D-1003', 'C'), totals]);
      const open = await runtime.board.tierSuggestions({ limit: 10 });
      expect(open.items.map(({ dealerId, currentTier, suggestedTier, month, rank }) => ({ dealerId, currentTier, suggestedTier, month, rank }))).toEqual([
        { dealerId: 'D-1002', currentTier: 'B', suggestedTier: 'A', month: '2026-04', rank: 2 },
      ]);
      await feed([{ ...accepted, occurredAt: '2026-05-06T02:15:00Z' } as InputEvent]);
      expect((await runtime.board.tierSuggestions({ limit: 10 })).items).toEqual([]);
    } finally {
      await runtime.close();
    }
  });
});
