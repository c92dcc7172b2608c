import { describe, expect, it } from 'vitest';
import { createEventBuilder, createScenario } from '../testing';
import { exposureHistory, type CreditInputEvent } from './exposureHistory';
import { creditWorker } from './worker';

const e = createEventBuilder();
const dealer = (at: string, creditLimit: number) =>
  e('dealer.upserted', at, { name: 'Acme Tools', tier: 'B', region: 'East', locale: 'en', currency: 'CNY', creditLimit, paymentTerms: { netDays: 30 } });
const order = (at: string, orderId: string, value: number) =>
  e('order.placed', at, { orderId, warehouseId: 'W-1', lines: [{ sku: 'SKU-1', qty: 2, unitPrice: value / 2 }], promisedDeliveryDate: '2026-06-30' });
const invoice = (at: string, invoiceId: string, amount: number, dueDate: string, orderId?: string) =>
  e('invoice.issued', at, { invoiceId, amount, currency: 'CNY', dueDate, ...(orderId ? { orderId } : {}) });
const payment = (at: string, paymentId: string, amount: number) => e('payment.received', at, { paymentId, amount, currency: 'CNY' });

describe('exposureHistory', () => {
  it("counts a dealer without a time zone of its own on the company's day, as the credit worker does", () => {
    // 20:00 UTC on 10 April is already 11 April in Shanghai: the invoice due on 10 April is overdue there, not in UTC.
    const events = [
      dealer('2026-04-01T08:00:00Z', 5000),
      invoice('2026-04-02T08:00:00Z', 'INV-1', 300, '2026-04-10'),
      e('credit.decision.recorded', '2026-04-10T20:00:00Z', { decision: 'hold', decidedBy: 'li.na', note: 'check' }),
    ];
    expect(exposureHistory(events).at(-1)?.overdueAmount).toBe(0);
    expect(exposureHistory(events, 'Asia/Shanghai').at(-1)?.overdueAmount).toBe(300);
  });

  it('gives no point before the limit is known, then counts what came before', () => {
    const points = exposureHistory([order('2026-04-01T08:00:00Z', 'O-1', 1000), dealer('2026-04-01T09:00:00Z', 5000)]);
    expect(points).toEqual([
      { at: '2026-04-01T09:00:00Z', exposure: 1000, creditLimit: 5000, openReceivables: 0, openOrderValue: 1000, overdueAmount: 0 },
    ]);
  });

  it('follows an order through its invoice and payment, overdue on the input day', () => {
    const points = exposureHistory([
      dealer('2026-04-01T08:00:00Z', 5000),
      order('2026-04-02T08:00:00Z', 'O-1', 1200.5),
      invoice('2026-04-03T08:00:00Z', 'INV-1', 1200.5, '2026-04-10', 'O-1'),
      payment('2026-04-20T08:00:00Z', 'PAY-1', 200),
      e('credit.decision.recorded', '2026-04-21T08:00:00Z', { decision: 'hold', decidedBy: 'li.na', note: 'check' }),
      dealer('2026-04-22T08:00:00Z', 8000),
      payment('2026-04-23T08:00:00Z', 'PAY-2', 1100),
    ]);
    expect(points.map(({ at, exposure, openReceivables, openOrderValue, overdueAmount, creditLimit }) => [at.slice(0, 10), exposure, openReceivables, openOrderValue, overdueAmount, creditLimit])).toEqual([
      ['2026-04-01', 0, 0, 0, 0, 5000],
      ['2026-04-02', 1200.5, 0, 1200.5, 0, 5000],
      ['2026-04-03', 1200.5, 1200.5, 0, 0, 5000],
      ['2026-04-20', 1000.5, 1000.5, 0, 1000.5, 5000],
      ['2026-04-21', 1000.5, 1000.5, 0, 1000.5, 5000],
      ['2026-04-22', 1000.5, 1000.5, 0, 1000.5, 8000],
      // 99.50 more than owed: a credit balance that lowers exposure below zero.
      ['2026-04-23', -99.5, 0, 0, 0, 8000],
    ]);
  });

  it('reads overdue on the dealer’s own day: 00:30 on 11 April in Shanghai is past a 10 April due date', () => {
    const shanghai = e('dealer.upserted', '2026-04-01T00:00:00Z', {
      name: 'Huadong Pumps', tier: 'B', region: 'East', locale: 'zh-CN', timezone: 'Asia/Shanghai', currency: 'CNY', creditLimit: 5000, paymentTerms: { netDays: 30 },
    });
    const points = exposureHistory([shanghai, invoice('2026-04-01T02:00:00Z', 'INV-1', 800, '2026-04-10'), payment('2026-04-10T16:30:00Z', 'PAY-1', 100)]);
    expect(points.at(-1)?.overdueAmount).toBe(700);
  });

  it('agrees with the figures of the credit worker’s hold', () => {
    const events: CreditInputEvent[] = [
      dealer('2026-04-01T08:00:00Z', 10_000),
      invoice('2026-04-01T09:00:00Z', 'INV-1', 4000, '2026-05-01'),
      payment('2026-04-01T10:00:00Z', 'PAY-1', 500),
      order('2026-04-02T09:00:00Z', 'O-1', 7000.5),
    ];
    const scenario = createScenario({ workers: [creditWorker] });
    scenario.feed(...events);
    const [placed] = scenario.outputsOf('credit.hold.placed');
    const last = exposureHistory(events).at(-1);
    expect(last).toEqual({
      at: '2026-04-02T09:00:00Z',
      exposure: placed?.exposure,
      creditLimit: placed?.creditLimit,
      openReceivables: placed?.openReceivables,
      openOrderValue: placed?.openOrderValue,
      overdueAmount: placed?.overdueAmount,
    });
  });
});
