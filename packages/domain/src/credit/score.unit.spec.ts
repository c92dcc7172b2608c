import type { PaymentBehaviour } from '@dealerflow/contracts';
import { describe, expect, it } from 'vitest';
import { createEventBuilder, createScenario } from '../testing';
import type { CreditAssessment } from './assessCredit';
import { defaultCreditPolicy } from './policy';
import { scoreCredit, type ScoreInput } from './score';
import { creditWorker } from './worker';

const DAY = 86_400_000;

function setup() {
  const scenario = createScenario({ workers: [creditWorker] });
  const e = createEventBuilder();
  return {
    scenario,
    dealer: (at: string, creditLimit = 10_000) =>
      e('dealer.upserted', at, { name: 'Acme Tools', tier: 'B', region: 'East', locale: 'en', currency: 'CNY', creditLimit, paymentTerms: { netDays: 30 } }),
    order: (at: string, orderId: string, value: number) =>
      e('order.placed', at, { orderId, warehouseId: 'W-1', lines: [{ sku: 'SKU-1', qty: 1, unitPrice: value }], promisedDeliveryDate: '2026-06-30' }),
    invoice: (at: string, invoiceId: string, orderId: string, amount: number, dueDate: string) =>
      e('invoice.issued', at, { invoiceId, orderId, amount, currency: 'CNY', dueDate }),
    payment: (at: string, paymentId: string, amount: number) => e('payment.received', at, { paymentId, amount, currency: 'CNY' }),
  };
}

describe('the review score (credit.review.requested.score)', () => {
  it('scores a dealer from its payments, utilization, trends and holds, and suggests a limit with the figures behind it', () => {
    const { scenario, dealer, order, invoice, payment } = setup();
    scenario.feed(
      dealer('2026-01-01T08:00:00Z'),
      order('2026-01-10T09:00:00Z', 'O-1', 3000),
      invoice('2026-01-15T09:00:00Z', 'I-1', 'O-1', 3000, '2026-02-14'),
      payment('2026-02-10T09:00:00Z', 'P-1', 3000), // I-1 on time, 26 days
      order('2026-02-10T10:00:00Z', 'O-2', 3000),
      invoice('2026-02-15T09:00:00Z', 'I-2', 'O-2', 3000, '2026-03-17'),
      order('2026-03-10T09:00:00Z', 'O-3', 4000),
      payment('2026-03-20T09:00:00Z', 'P-2', 3000), // I-2 three days late, 33 days
      order('2026-03-25T09:00:00Z', 'O-4', 7000), // exposure 11 000 > 10 000
    );
    const [review] = scenario.outputsOf('credit.review.requested');
    expect(review?.score).toEqual({
      score: 58,
      grade: 'C',
      components: [
        { factor: 'payment_record', points: 18, maxPoints: 35, text: '50% of invoices paid on time' },
        { factor: 'overdue', points: 20, maxPoints: 20, text: 'nothing overdue' },
        { factor: 'utilization', points: 0, maxPoints: 15, text: '110% of the limit in use' },
        { factor: 'utilization_trend', points: 0, maxPoints: 10, text: 'utilization rising' },
        { factor: 'recent_holds', points: 20, maxPoints: 20, text: '0 earlier hold(s) in the last 90 days' },
      ],
      figures: {
        onTimeRatio: 0.5,
        averageDaysToPay: 29.5,
        daysSalesOutstanding: 0,
        utilization: 1.1,
        // 14 days at 3 000, 10 at 7 000, 5 at 4 000 and today at 11 000, over 30 days, of 10 000.
        utilizationLast30Days: 0.4767,
        // Known from the first activity (10 Jan) to 23 Feb: 3 000 throughout.
        utilizationPrevious60Days: 0.3,
        utilizationTrend: 'rising',
        orderValueLast30Days: 11_000,
        // 6 000 ordered in the 45 days known before the last 30 (from 10 Jan): 4 000 per 30 days.
        orderValuePrevious30DayAverage: 4000,
        orderTrend: 'rising',
        holdsLast90Days: 0,
      },
      suggestedLimit: {
        // 17 000 ordered in the 75 days known: 6 800 per 30 days × 60 ÷ 30 × 0.7 = 9 520.
        amount: 10_000,
        currentLimit: 10_000,
        monthlyOrderValue: 6800,
        coverDays: 60,
        gradeFactor: 0.7,
        cappedBy: null,
        text: 'Suggested limit 10000.00: orders of 6800.00 per 30 days × (30 net days + 30 days of orders) ÷ 30 × 0.7 for grade C, rounded to 1000.',
      },
    });
  });

  it('counts holds placed earlier in the window, not the one under review', () => {
    const { scenario, dealer, order, payment } = setup();
    scenario.feed(
      dealer('2026-01-01T08:00:00Z'),
      order('2026-01-05T09:00:00Z', 'O-1', 11_000), // hold 1
      payment('2026-01-06T09:00:00Z', 'P-1', 2_000), // money on account: exposure 9 000, released
      order('2026-03-01T09:00:00Z', 'O-2', 2_000), // 11 000 again: hold 2
    );
    const reviews = scenario.outputsOf('credit.review.requested');
    expect(reviews.map((review) => review.holdId)).toEqual(['hold-D-1-1', 'hold-D-1-2']);
    expect(reviews.map((review) => review.score.figures.holdsLast90Days)).toEqual([0, 1]);
    expect(reviews[1]!.score.components.find((component) => component.factor === 'recent_holds')).toMatchObject({ points: 10 });
  });

  it('keeps the limit when there are no orders to base one on, and caps a suggestion at the policy bounds', () => {
    const base = scoreInput({});
    const none = scoreCredit(base, defaultCreditPolicy.score);
    expect(none.suggestedLimit).toMatchObject({ amount: 10_000, monthlyOrderValue: 0, cappedBy: null });
    expect(none.suggestedLimit.text).toBe('Keep the limit of 10000.00: no orders in the last 90 days to base a limit on.');

    // 90 000 ordered in 90 days: 30 000 a month × 60/30 = 60 000 for grade A, capped at 10 000 × 1.5.
    const busy = scoreCredit({ ...base, trend: { since: 0, days: [[dayOf('2026-03-01'), 9_000_000, 0, 0]] } }, defaultCreditPolicy.score);
    expect(busy.grade).toBe('A');
    expect(busy.suggestedLimit).toMatchObject({ amount: 15_000, monthlyOrderValue: 30_000, cappedBy: 'max_increase' });

    // 300 ordered: 100 a month → 200, floored at half the limit.
    const quiet = scoreCredit({ ...base, trend: { since: 0, days: [[dayOf('2026-03-01'), 30_000, 0, 0]] } }, defaultCreditPolicy.score);
    expect(quiet.suggestedLimit).toMatchObject({ amount: 5_000, cappedBy: 'max_decrease' });
  });

  it('gives the score from the points of the factors, and no history is half the payment points', () => {
    const score = scoreCredit(scoreInput({ onTimeRatio: null }), defaultCreditPolicy.score);
    expect(score.components.map((component) => component.points)).toEqual([18, 20, 15, 5, 20]);
    expect(score.score).toBe(78);
    expect(score.grade).toBe('B');
    expect(score.figures.orderTrend).toBe('unknown');
    expect(score.figures.daysSalesOutstanding).toBeNull();
  });

  it('takes every overdue point when money is more than the hold threshold past due, half within it', () => {
    const late = scoreCredit(scoreInput({ overdueCents: 50_000, maxDaysPastDue: 45 }), defaultCreditPolicy.score);
    const recent = scoreCredit(scoreInput({ overdueCents: 50_000, maxDaysPastDue: 5 }), defaultCreditPolicy.score);
    expect(late.components[1]).toMatchObject({ points: 0, text: '500.00 overdue, up to 45 days past due' });
    expect(recent.components[1]).toMatchObject({ points: 10 });
  });
});

function dayOf(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) / DAY;
}

function scoreInput(over: { onTimeRatio?: number | null; overdueCents?: number; maxDaysPastDue?: number }): ScoreInput {
  const assessment: CreditAssessment = {
    exposureCents: 500_000,
    openReceivablesCents: 500_000,
    openOrderValueCents: 0,
    creditBalanceCents: 0,
    creditLimitCents: 1_000_000,
    overdueCents: over.overdueCents ?? 0,
    maxDaysPastDue: over.maxDaysPastDue ?? 0,
    reasons: [],
  };
  const ratio = over.onTimeRatio === undefined ? 1 : over.onTimeRatio;
  const behaviour: PaymentBehaviour = { onTimeRatio: ratio, averageDaysToPay: ratio === null ? null : 30, largestDaysPastDue: 0, invoicesSettled: ratio === null ? 0 : 4 };
  return {
    assessment,
    behaviour,
    trend: undefined,
    earlierHoldsPlacedAt: [],
    now: Date.parse('2026-04-01T09:00:00Z'),
    today: '2026-04-01',
    netDays: 30,
    pastDueHoldDays: 30,
  };
}
