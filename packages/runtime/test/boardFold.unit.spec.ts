import { describe, expect, it } from 'vitest';
import type { OutputDataOf, OutputEvent, OutputType } from '@dealerflow/contracts';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { foldBoardBatch, type BoardCredit, type LoggedInput, type LoggedOutput } from '../src/board/foldBoardBatch';

let seq = 0n;
function out<T extends OutputType>(type: T, data: Omit<OutputDataOf<T>, 'causedBy'>, dealerId = 'D-1', occurredAt = '2026-03-01T00:00:00.000Z'): LoggedOutput {
  seq += 1n;
  const output = { eventId: `out-${seq}`, type, schemaVersion: 1, occurredAt, dealerId, source: 'test', topic: 'test', data: { ...data, causedBy: 'in-1' } } as unknown as OutputEvent;
  return { seq, output };
}

const alert = (alertId: string, severity: 'critical' | 'high' | 'medium' | 'low') => ({
  alertId, sku: 'SKU-1', kind: 'stockout' as const, severity, onHand: 0, inTransit: 0, onOrder: 0, avgDailySales: 1, daysOfCover: 0, reorderPoint: 10, suggestedOrderQty: 10,
});
const figures = { reasons: [{ code: 'manual' as const, note: 'n', decidedBy: 'f' }], exposure: 120, creditLimit: 100, openReceivables: 120, openOrderValue: 0, creditBalance: 0, overdueAmount: 0, maxDaysPastDue: 0 };
const explanation = { en: 'late', 'zh-CN': '迟' };
const fold = (outputs: LoggedOutput[], credit = new Map<string, BoardCredit>(), inputs: LoggedInput[] = []) => foldBoardBatch({ inputs, outputs, credit });

describe('foldBoardBatch', () => {
  it('keeps an alert raised and resolved in one batch out of the open list, and recounts the dealer', () => {
    const changes = fold([out('stock.alert.raised', alert('A-1', 'critical')), out('stock.alert.raised', alert('A-2', 'high')), out('stock.alert.resolved', alert('A-1', 'critical'))]);
    expect(changes.alerts.get('A-1')).toBeNull();
    expect(changes.alerts.get('A-2')).toMatchObject({ dealerId: 'D-1', severityRank: 1, item: { alertId: 'A-2', dealerId: 'D-1', raisedAt: '2026-03-01T00:00:00.000Z' } });
    expect([...changes.recount]).toEqual(['D-1']);
  });

  it('opens the alerts an opening summary lists (issue 21), and ignores a daily digest', () => {
    const summary = (reason: 'opening' | 'daily') => ({
      summaryId: `D-1/${reason}/2026-03-01`, reason, date: '2026-03-01', counts: { stockout: 1, low_stock: 0, overstock: 0 },
      alerts: [{ ...alert('A-9', 'critical'), status: 'new' as const }],
    });
    const opened = fold([out('stock.alerts.summarised', summary('opening'))]);
    expect(opened.alerts.get('A-9')).toMatchObject({ dealerId: 'D-1', severityRank: 0, item: { alertId: 'A-9', causedBy: 'in-1', raisedAt: '2026-03-01T00:00:00.000Z' } });
    expect(opened.alerts.get('A-9')?.item).not.toHaveProperty('status');
    expect(fold([out('stock.alerts.summarised', summary('daily'))]).alerts.size).toBe(0);
  });

  it('follows a hold through a warning and its release, from the status the board holds', () => {
    const warned = fold([out('credit.limit.warning', { exposure: 95, creditLimit: 100, utilization: 0.95, warningUtilization: 0.9 })]);
    expect(warned.credit.get('D-1')).toEqual({ status: 'warning', holdId: null, exposure: 95 });
    const held = fold([out('credit.hold.placed', { holdId: 'H-1', ...figures }), out('credit.limit.warning', { exposure: 130, creditLimit: 100, utilization: 1.3, warningUtilization: 0.9 })]);
    expect(held.credit.get('D-1')).toEqual({ status: 'on_hold', holdId: 'H-1', exposure: 130 });
    const current = new Map([['D-1', { status: 'on_hold' as const, holdId: 'H-1', exposure: 130 }]]);
    const stale = fold([out('credit.hold.released', { holdId: 'H-0', releasedBy: 'auto', reason: 'old' })], current);
    expect(stale.credit.get('D-1')).toEqual({ status: 'on_hold', holdId: 'H-1', exposure: 130 });
    const released = fold([out('credit.hold.released', { holdId: 'H-1', releasedBy: 'finance', reason: 'paid' })], current);
    expect(released.credit.get('D-1')).toEqual({ status: 'ok', holdId: null, exposure: 130 });
  });

  it('keeps the latest explanation per order, open until delivered in full or its remainder cancelled', () => {
    const late = { orderId: 'O-1', promisedDeliveryDate: '2026-03-01', deliveredAt: null, daysLate: 1, causes: [], explanation };
    const changes = fold([
      out('delivery.late', { ...late, status: 'in_transit' }),
      out('delivery.partial', { ...late, status: 'in_transit', shortLines: [{ sku: 'S', ordered: 2, delivered: 1 }] }),
    ]);
    expect(changes.deliveries.get('D-1\u0000O-1')).toMatchObject({ isOpen: true, item: { type: 'delivery.partial' } });
    const done = fold([out('delivery.late', { ...late, status: 'delivered', deliveredAt: '2026-03-03T00:00:00Z', daysLate: 2 })]);
    expect(done.deliveries.get('D-1\u0000O-1')).toMatchObject({ isOpen: false, item: { type: 'delivery.late', daysLate: 2 } });
    const cancelled = fold([out('delivery.late', { ...late, status: 'remainder_cancelled', deliveredAt: '2026-03-02T00:00:00Z' })]);
    expect(cancelled.deliveries.get('D-1\u0000O-1')).toMatchObject({ isOpen: false, item: { status: 'remainder_cancelled' } });
  });

  it('keys accruals by program, period and order; keeps statements, discounts and decisions whole', () => {
    const accrual = { programId: 'P', periodStart: '2026-01-01', periodEnd: '2026-03-31', volume: 1, qualifyingAmount: 10, tierIndex: 0, rate: 0, accruedAmount: 0, nextTier: null };
    const e = createEventBuilder();
    const decision = e('credit.decision.recorded', '2026-03-02T09:00:00Z', { decision: 'hold', decidedBy: 'li', note: 'n' });
    const changes = fold(
      [
        out('rebate.accrued', accrual),
        out('rebate.accrued', { ...accrual, volume: 2 }),
        out('rebate.accrued', { ...accrual, orderId: 'O-9' }),
        out('cash.discount.earned', { invoiceId: 'I', amount: 2, pct: 2, untilDate: '2026-03-10' }),
        out('notification.requested', { notificationId: 'n', outputEventId: 'o', outputType: 't', audience: 'dealer', channel: 'inApp', locale: 'en', title: 't', body: 'b' }),
      ],
      new Map(),
      [{ seq: 7n, event: decision }],
    );
    expect([...changes.accruals.values()].map((row) => [row.orderId, row.item.volume])).toEqual([['', 2], ['O-9', 1]]);
    expect(changes.cashDiscounts.map((row) => row.item)).toEqual([{ invoiceId: 'I', amount: 2, pct: 2, untilDate: '2026-03-10', causedBy: 'in-1', dealerId: 'D-1', occurredAt: '2026-03-01T00:00:00.000Z' }]);
    expect(changes.decisions).toEqual([
      {
        eventId: decision.eventId, dealerId: 'D-1', holdId: null, decidedAt: '2026-03-02T09:00:00Z', inputSeq: 7n,
        item: { eventId: decision.eventId, dealerId: 'D-1', holdId: null, decision: 'hold', decidedBy: 'li', note: 'n', overrideUntil: null, keepUntil: null, creditLimit: null, decidedAt: '2026-03-02T09:00:00Z', effectiveAt: '2026-03-02T09:00:00Z' },
      },
    ]);
    expect(changes.recount.size).toBe(0);
  });

  it("puts finance's limit changes in the audit: when the person decided (wall clock) and when it took effect (event time)", () => {
    const e = createEventBuilder();
    const limit = e('credit.limit.set', '2026-03-02T09:00:00Z', { creditLimit: 15_000, note: 'annual review', decidedBy: 'li', decidedAt: '2026-03-05T10:00:00+08:00' });
    const changes = fold([], new Map(), [{ seq: 8n, event: limit }]);
    expect(changes.decisions).toEqual([
      {
        eventId: limit.eventId, dealerId: 'D-1', holdId: null, decidedAt: '2026-03-02T09:00:00Z', inputSeq: 8n,
        item: {
          eventId: limit.eventId, dealerId: 'D-1', holdId: null, decision: 'set_limit', decidedBy: 'li', note: 'annual review', overrideUntil: null, keepUntil: null,
          creditLimit: 15_000, decidedAt: '2026-03-05T10:00:00+08:00', effectiveAt: '2026-03-02T09:00:00Z',
        },
      },
    ]);
  });
});
