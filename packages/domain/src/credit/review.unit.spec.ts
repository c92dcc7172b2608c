import type { InputEvent } from '@dealerflow/contracts';
import { describe, expect, it } from 'vitest';
import { createEventBuilder, createScenario } from '../testing';
import { applyLedgerEvent, createLedger } from './ledger';
import { summarizePaymentBehaviour } from './paymentBehaviour';
import { creditWorker } from './worker';

function setup() {
  const scenario = createScenario({ workers: [creditWorker] });
  const e = createEventBuilder();
  const review = () => {
    const all = scenario.outputsOf('credit.review.requested');
    return all[all.length - 1];
  };
  return {
    scenario,
    e,
    review,
    dealer: (at: string, creditLimit = 10_000) =>
      e('dealer.upserted', at, { name: 'Acme Tools', tier: 'B', region: 'East', locale: 'en', currency: 'CNY', creditLimit, paymentTerms: { netDays: 30 } }),
    order: (at: string, orderId: string, value: number) =>
      e('order.placed', at, { orderId, warehouseId: 'W-1', lines: [{ sku: 'SKU-1', qty: 1, unitPrice: value }], promisedDeliveryDate: '2026-06-30' }),
    invoice: (at: string, invoiceId: string, amount: number, dueDate: string) => e('invoice.issued', at, { invoiceId, amount, currency: 'CNY', dueDate }),
    payment: (at: string, paymentId: string, amount: number) => e('payment.received', at, { paymentId, amount, currency: 'CNY' }),
    tick: (at: string) => e('clock.tick', at, {}),
  };
}

describe('credit.review.requested', () => {
  it('summarizes the last 12 months of payments and suggests a limit review for a mixed record', () => {
    const { scenario, dealer, invoice, payment, order, review } = setup();
    scenario.feed(
      dealer('2025-01-01T08:00:00Z'),
      // Settled more than 365 days before the hold: outside the summary.
      invoice('2025-01-02T09:00:00Z', 'INV-OLD', 100, '2025-01-10'),
      payment('2025-03-01T09:00:00Z', 'PAY-OLD', 100),
      invoice('2026-01-01T09:00:00Z', 'INV-A', 1000, '2026-01-31'),
      invoice('2026-01-05T09:00:00Z', 'INV-B', 1000, '2026-02-04'),
      payment('2026-01-20T09:00:00Z', 'PAY-A', 1000), // INV-A (due first): 19 days, on time
      invoice('2026-02-01T09:00:00Z', 'INV-C', 1000, '2026-03-03'),
      payment('2026-02-14T09:00:00Z', 'PAY-B', 1000), // INV-B: 40 days, 10 days late
      invoice('2026-03-01T09:00:00Z', 'INV-D', 2000, '2026-03-31'),
      payment('2026-03-03T09:00:00Z', 'PAY-C', 1000), // INV-C: 30 days, on its due date
      order('2026-03-10T09:00:00Z', 'O-1', 8500),
    );
    expect(review()).toEqual({
      holdId: 'hold-D-1-1',
      reasons: [{ code: 'over_limit', exposure: 10_500, creditLimit: 10_000, excess: 500 }],
      exposure: 10_500,
      creditLimit: 10_000,
      openReceivables: 2000,
      openOrderValue: 8500,
      creditBalance: 0,
      overdueAmount: 0,
      maxDaysPastDue: 0,
      paymentBehaviour: { onTimeRatio: 0.6667, averageDaysToPay: 29.7, largestDaysPastDue: 10, invoicesSettled: 3 },
      suggestedAction: { code: 'review_limit', text: 'Review the credit limit: exposure 10500.00 is 500.00 over the limit of 10000.00 (5%).' },
      score: expect.objectContaining({ grade: 'B' }), // score.unit.spec.ts checks its figures
      causedBy: 'order.placed-11',
    });
  });

  it('suggests release_with_override for an excess up to 10 % of the limit with no history', () => {
    const { scenario, dealer, order, review } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), order('2026-03-02T09:00:00Z', 'O-1', 11_000));
    expect(review()?.paymentBehaviour).toEqual({ onTimeRatio: null, averageDaysToPay: null, largestDaysPastDue: 0, invoicesSettled: 0 });
    expect(review()?.suggestedAction).toEqual({
      code: 'release_with_override',
      text: 'Consider releasing with an override: exposure 11000.00 is 1000.00 over the limit of 10000.00 (10%); nothing is overdue, though no invoice was settled in the last 12 months to judge payment by.',
    });
  });

  it('suggests request_payment for an over-limit hold while money is overdue, however small the excess', () => {
    const { scenario, dealer, invoice, order, review } = setup();
    scenario.feed(
      dealer('2026-03-01T08:00:00Z'),
      invoice('2026-03-01T09:00:00Z', 'INV-1', 3000, '2026-03-05'),
      order('2026-03-19T09:00:00Z', 'O-1', 7500),
    );
    expect(review()?.reasons.map((reason) => reason.code)).toEqual(['over_limit']);
    expect(review()?.suggestedAction).toEqual({
      code: 'request_payment',
      text: 'Request payment of the 3000.00 overdue (up to 14 days past due): exposure 10500.00 is 500.00 over the limit of 10000.00 (5%).',
    });
  });

  it('suggests review_limit for an excess just over 10 % of the limit', () => {
    const { scenario, dealer, order, review } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), order('2026-03-02T09:00:00Z', 'O-1', 11_000.01));
    expect(review()?.suggestedAction.code).toBe('review_limit');
  });

  it('suggests release_with_override with an on-time ratio of at least 0.8', () => {
    const { scenario, dealer, invoice, payment, order, review } = setup();
    const feeds: InputEvent[] = [dealer('2026-01-01T08:00:00Z')];
    for (let n = 1; n <= 5; n += 1) {
      feeds.push(invoice(`2026-01-0${n}T09:00:00Z`, `INV-${n}`, 100, n === 5 ? '2026-01-06' : '2026-02-28'));
    }
    // Paid in one go on 2026-01-10: four on time, INV-5 four days late.
    feeds.push(payment('2026-01-10T09:00:00Z', 'PAY-1', 500), order('2026-01-11T09:00:00Z', 'O-1', 10_200));
    scenario.feed(...feeds);
    expect(review()?.paymentBehaviour).toEqual({ onTimeRatio: 0.8, averageDaysToPay: 7, largestDaysPastDue: 4, invoicesSettled: 5 });
    expect(review()?.suggestedAction.code).toBe('release_with_override');
  });

  it('suggests request_payment for a past_due hold', () => {
    const { scenario, dealer, invoice, tick, review } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 800, '2026-03-10'), tick('2026-04-10T00:00:00Z'));
    expect(review()?.suggestedAction).toEqual({
      code: 'request_payment',
      text: 'Request payment of 800.00 on 1 invoice(s) more than 30 days past due (up to 31 days) before releasing.',
    });
  });

  it('suggests keep_hold when an invoice is more than 60 days past due', () => {
    const { scenario, dealer, invoice, tick, review } = setup();
    scenario.feed(dealer('2026-01-01T08:00:00Z'), invoice('2026-01-01T09:00:00Z', 'INV-1', 500, '2026-01-01'));
    // One jump of the watermark: the hold is first evaluated at 63 days.
    scenario.feed(tick('2026-03-05T00:00:00Z'));
    expect(review()?.maxDaysPastDue).toBe(63);
    expect(review()?.suggestedAction).toEqual({ code: 'keep_hold', text: 'Keep the hold: an invoice is 63 days past due (more than 60) with 500.00 overdue.' });
  });

  it('suggests keep_hold when fewer than half the settled invoices were paid on time', () => {
    const { scenario, dealer, invoice, payment, order, review } = setup();
    scenario.feed(
      dealer('2026-01-01T08:00:00Z'),
      invoice('2026-01-01T09:00:00Z', 'INV-1', 100, '2026-01-05'),
      invoice('2026-01-01T10:00:00Z', 'INV-2', 100, '2026-01-05'),
      invoice('2026-01-01T11:00:00Z', 'INV-3', 100, '2026-01-20'),
      payment('2026-01-10T09:00:00Z', 'PAY-1', 300),
      order('2026-01-11T09:00:00Z', 'O-1', 10_100),
    );
    expect(review()?.paymentBehaviour.onTimeRatio).toBe(0.3333);
    expect(review()?.suggestedAction).toEqual({ code: 'keep_hold', text: 'Keep the hold: only 33.3% of the 3 invoices settled in the last 12 months were paid on time.' });
  });

  it('suggests keep_hold for a manual hold', () => {
    const { scenario, dealer, e, review } = setup();
    scenario.feed(dealer('2026-01-01T08:00:00Z'), e('credit.decision.recorded', '2026-01-02T09:00:00Z', { decision: 'hold', decidedBy: 'li.na', note: 'disputed ownership' }));
    expect(review()?.suggestedAction).toEqual({
      code: 'keep_hold',
      text: 'Keep the hold: li.na placed it manually ("disputed ownership") and only a finance release ends it; exposure is 0.00 against a limit of 10000.00.',
    });
  });
});

describe('summarizePaymentBehaviour', () => {
  it('counts invoices settled up to 365 days back and open invoices to today', () => {
    const e = createEventBuilder();
    const ledger = createLedger();
    applyLedgerEvent(ledger, e('invoice.issued', '2025-03-01T09:00:00Z', { invoiceId: 'INV-1', amount: 100, currency: 'CNY', dueDate: '2025-03-05' }));
    applyLedgerEvent(ledger, e('payment.received', '2025-03-10T09:00:00Z', { paymentId: 'P-1', amount: 100, currency: 'CNY' }));
    applyLedgerEvent(ledger, e('invoice.issued', '2026-03-01T09:00:00Z', { invoiceId: 'INV-2', amount: 100, currency: 'CNY', dueDate: '2026-03-02' }));
    expect(summarizePaymentBehaviour(ledger, '2026-03-10', 365)).toEqual({ onTimeRatio: 0, averageDaysToPay: 9, largestDaysPastDue: 8, invoicesSettled: 1 });
    expect(summarizePaymentBehaviour(ledger, '2026-03-11', 365)).toEqual({ onTimeRatio: null, averageDaysToPay: null, largestDaysPastDue: 9, invoicesSettled: 0 });
  });
});
