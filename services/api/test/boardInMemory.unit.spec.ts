import { InvalidCursorError } from '@dealerflow/runtime';
import { describe, expect, it } from 'vitest';
import { createInMemoryBoard, DEFAULT_BOARD_FIXTURE } from './inMemoryBoard';

// The fake the page and route tests stand on: it must answer as the port's doc comments say.
describe('the in-memory board', () => {
  const board = createInMemoryBoard();

  it('lists dealers tier A first, counting open alerts and late deliveries from the lists', async () => {
    const page = await board.listDealers({ limit: 50 });
    expect(page.total).toBe(3);
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((dealer) => dealer.dealerId)).toEqual(['D-1', 'D-2', 'D-3']);
    expect(page.items[0]).toMatchObject({ openAlerts: { critical: 1, high: 1, medium: 0, low: 0 }, lateDeliveries: 1 });
  });

  it('orders dealers of one tier by critical then high alerts, then id', async () => {
    const base = DEFAULT_BOARD_FIXTURE.dealers[2]!;
    const quiet = createInMemoryBoard({
      dealers: [
        { ...base, dealerId: 'A' },
        { ...base, dealerId: 'B' },
        { ...base, dealerId: 'C' },
      ],
      alerts: [
        { ...DEFAULT_BOARD_FIXTURE.alerts[1]!, dealerId: 'B', alertId: 'b1' },
        { ...DEFAULT_BOARD_FIXTURE.alerts[0]!, dealerId: 'C', alertId: 'c1' },
      ],
    });
    const page = await quiet.listDealers({ limit: 10 });
    expect(page.items.map((dealer) => dealer.dealerId)).toEqual(['C', 'B', 'A']);
  });

  it('filters dealers on region, tier, search, severity and hold, and counts all pages', async () => {
    const ids = async (query: Parameters<typeof board.listDealers>[0]) => (await board.listDealers(query)).items.map((d) => d.dealerId);
    expect(await ids({ limit: 50, region: 'East' })).toEqual(['D-1', 'D-3']);
    expect(await ids({ limit: 50, tier: 'B' })).toEqual(['D-2']);
    expect(await ids({ limit: 50, search: 'huadong' })).toEqual(['D-1']);
    expect(await ids({ limit: 50, search: 'd-3' })).toEqual(['D-3']);
    expect(await ids({ limit: 50, minSeverity: 'medium' })).toEqual(['D-1', 'D-2']);
    expect(await ids({ limit: 50, onHold: true })).toEqual(['D-1']);
    expect(await ids({ limit: 50, onHold: false })).toEqual(['D-2', 'D-3']);
    const first = await board.listDealers({ limit: 2 });
    expect(first.total).toBe(3);
    expect(first.nextCursor).not.toBeNull();
    const second = await board.listDealers({ limit: 2, after: first.nextCursor! });
    expect(second.items.map((d) => d.dealerId)).toEqual(['D-3']);
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a cursor it did not give, or one of another list', async () => {
    await expect(board.listDealers({ limit: 2, after: 'bogus' })).rejects.toBeInstanceOf(InvalidCursorError);
    const alerts = await board.openAlerts({ limit: 1 });
    await expect(board.deliveries({ limit: 1, after: alerts.nextCursor! })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it('answers a dealer no upsert named with undefined', async () => {
    expect(await board.dealer('D-404')).toBeUndefined();
    expect((await board.dealer('D-2'))?.credit.status).toBe('warning');
  });

  it('lists open alerts most severe first, filtered on dealer and severity', async () => {
    const all = await board.openAlerts({ limit: 50 });
    expect(all.items.map((alert) => alert.severity)).toEqual(['critical', 'high', 'medium', 'low']);
    const d1High = await board.openAlerts({ limit: 50, dealerId: 'D-1', minSeverity: 'critical' });
    expect(d1High.items.map((alert) => alert.sku)).toEqual(['SKU-100']);
  });

  it('reads the timeline in event time, inputs before outputs of the same instant, forward and backward', async () => {
    const all = await board.timeline({ dealerId: 'D-1', limit: 50 });
    expect(all.items.map((entry) => entry.eventId)).toEqual(['dealer-D-1', 'ord-1', 'out-hold-D-1-1', 'sales-D-1-0402', 'out-alert-D-1-1']);
    const first = await board.timeline({ dealerId: 'D-1', limit: 2 });
    const next = await board.timeline({ dealerId: 'D-1', limit: 2, after: first.nextCursor! });
    expect(next.items.map((entry) => entry.eventId)).toEqual(['out-hold-D-1-1', 'sales-D-1-0402']);
    const back = await board.timeline({ dealerId: 'D-1', limit: 2, before: 'timeline:4' });
    const newest = await board.timeline({ dealerId: 'D-1', limit: 2, before: 'end' });
    expect(newest.items.map((entry) => entry.eventId)).toEqual(['sales-D-1-0402', 'out-alert-D-1-1']);
    expect(back.items.map((entry) => entry.eventId)).toEqual(['out-hold-D-1-1', 'sales-D-1-0402']);
    const start = await board.timeline({ dealerId: 'D-1', limit: 2, before: back.nextCursor! });
    expect(start.items.map((entry) => entry.eventId)).toEqual(['dealer-D-1', 'ord-1']);
    expect(start.nextCursor).toBeNull();
    expect(all.items[0]).not.toHaveProperty('dealerId');
  });

  it('lists deliveries newest first, open ones (not delivered in full) apart, and counts only the open ones', async () => {
    const orders = async (query: Parameters<typeof board.deliveries>[0]) => (await board.deliveries(query)).items.map((d) => d.orderId);
    expect(await orders({ limit: 50 })).toEqual(['ORD-1', 'ORD-2', 'ORD-3']);
    expect(await orders({ limit: 50, open: true })).toEqual(['ORD-1', 'ORD-2']);
    expect(await orders({ limit: 50, open: false })).toEqual(['ORD-3']);
    expect((await board.dealer('D-3'))?.lateDeliveries).toBe(0);
  });

  it('keeps the last points of the exposure history, oldest first', async () => {
    const points = await board.exposureHistory('D-1', 2);
    expect(points.map((point) => point.exposure)).toEqual([4_000, 12_500]);
  });

  it('orders stock positions by days of cover, nothing sold last', async () => {
    const skus = (await board.stockPositions('D-1')).map((position) => position.sku);
    expect(skus).toEqual(['SKU-100', 'SKU-200', 'SKU-300']);
  });

  it('gives rebate progress current period first, statements by status, discounts and decisions newest first', async () => {
    const progress = await board.rebateProgress('D-1');
    expect(progress.map((line) => line.periodStart)).toEqual(['2026-04-01', '2026-02-01']);
    expect(progress[0]?.nextTier?.gap).toBe(1_500);
    const withheld = await board.rebateStatements({ limit: 50, status: 'withheld' });
    expect(withheld.items.map((statement) => statement.dealerId)).toEqual(['D-2']);
    expect((await board.cashDiscounts({ limit: 50, dealerId: 'D-1' })).items).toEqual([]);
    const decisions = await board.creditDecisions({ limit: 50 });
    expect(decisions.items.map((decision) => decision.eventId)).toEqual(['decision-2', 'decision-1']);
    const ofHold = await board.creditDecisions({ limit: 50, holdId: 'hold-D-2-1' });
    expect(ofHold.items.map((decision) => decision.eventId)).toEqual(['decision-1']);
  });

  it('lists regions sorted, records calls and fails on demand', async () => {
    const failing = createInMemoryBoard();
    expect(await failing.regions()).toEqual(['East', 'West']);
    failing.failWith(new Error('database down'));
    await expect(failing.dealer('D-1')).rejects.toThrow('database down');
    expect(failing.calls).toEqual(['regions', 'dealer "D-1"']);
  });
});
