import type { HoldReason, OutputDataOf, OutputEvent } from '@dealerflow/contracts';
import { readExample } from '@dealerflow/contracts/examples';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldCreditHolds, sortByPlacement, sortByUrgency } from '../src/embedded/creditHolds';

const TOPIC = 'dealer.credit.v1';
let sequence = 0;

function envelope<T extends OutputEvent['type']>(type: T, occurredAt: string, dealerId: string, data: OutputDataOf<T>): OutputEvent {
  sequence += 1;
  return { eventId: `out-${sequence}`, type, schemaVersion: 1, occurredAt, dealerId, source: 'credit-worker', data, topic: TOPIC } as OutputEvent;
}

function figures(holdId: string, over: { exposure: number; creditLimit: number; maxDaysPastDue?: number; overdue?: number }) {
  const reasons: HoldReason[] = [];
  if (over.exposure > over.creditLimit) {
    reasons.push({ code: 'over_limit', exposure: over.exposure, creditLimit: over.creditLimit, excess: over.exposure - over.creditLimit });
  }
  if ((over.maxDaysPastDue ?? 0) > 30) {
    reasons.push({ code: 'past_due', overdueAmount: over.overdue ?? 0, maxDaysPastDue: over.maxDaysPastDue ?? 0, pastDueHoldDays: 30, invoiceIds: ['inv-1'] });
  }
  return {
    holdId,
    reasons,
    exposure: over.exposure,
    creditLimit: over.creditLimit,
    openReceivables: over.overdue ?? 0,
    openOrderValue: over.exposure - (over.overdue ?? 0),
    creditBalance: 0,
    overdueAmount: over.overdue ?? 0,
    maxDaysPastDue: over.maxDaysPastDue ?? 0,
  };
}

const placed = (holdId: string, dealerId: string, at: string, over: Parameters<typeof figures>[1]) =>
  envelope('credit.hold.placed', at, dealerId, { ...figures(holdId, over), causedBy: `in-${holdId}` });

const behaviour = { onTimeRatio: 0.75, averageDaysToPay: 31.5, largestDaysPastDue: 12, invoicesSettled: 4 };
const score = readExample('credit.review.requested').data.score as OutputDataOf<'credit.review.requested'>['score'];
const action = { code: 'review_limit' as const, text: 'Review the credit limit.' };

describe('foldCreditHolds', () => {
  it('opens a hold on placement, adds its review, closes it on release', () => {
    const outputs = [
      envelope('credit.limit.warning', '2026-04-01T08:00:00.000Z', 'D-1', {
        exposure: 9_500,
        creditLimit: 10_000,
        utilization: 0.95,
        warningUtilization: 0.9,
        causedBy: 'ord-0',
      }),
      placed('hold-D-1-1', 'D-1', '2026-04-02T09:00:00.000Z', { exposure: 12_500.1, creditLimit: 10_000 }),
      envelope('credit.review.requested', '2026-04-02T09:00:00.000Z', 'D-1', {
        ...figures('hold-D-1-1', { exposure: 12_500.1, creditLimit: 10_000 }),
        paymentBehaviour: behaviour,
        suggestedAction: action,
        score,
        causedBy: 'in-hold-D-1-1',
      }),
      envelope('credit.hold.released', '2026-04-05T14:30:00.000Z', 'D-1', {
        holdId: 'hold-D-1-1',
        releasedBy: 'finance',
        reason: 'paid by wire',
        overrideUntil: null,
        causedBy: 'decision-1',
      }),
    ];
    expect(foldCreditHolds(outputs)).toEqual([
      {
        ...figures('hold-D-1-1', { exposure: 12_500.1, creditLimit: 10_000 }),
        causedBy: 'in-hold-D-1-1',
        dealerId: 'D-1',
        status: 'released',
        placedAt: '2026-04-02T09:00:00.000Z',
        review: { paymentBehaviour: behaviour, suggestedAction: action, score },
        release: { releasedBy: 'finance', reason: 'paid by wire', overrideUntil: null, causedBy: 'decision-1', releasedAt: '2026-04-05T14:30:00.000Z' },
      },
    ]);
  });

  it('keeps a hold active until its own release; an automatic release without overrideUntil says null', () => {
    const holds = foldCreditHolds([
      placed('hold-D-1-1', 'D-1', '2026-04-02T09:00:00.000Z', { exposure: 12_000, creditLimit: 10_000 }),
      placed('hold-D-2-1', 'D-2', '2026-04-02T10:00:00.000Z', { exposure: 6_000, creditLimit: 5_000 }),
      envelope('credit.hold.released', '2026-04-03T00:00:00.000Z', 'D-2', {
        holdId: 'hold-D-2-1',
        releasedBy: 'auto',
        reason: 'exposure back within the limit',
        causedBy: 'pay-1',
      }),
    ]);
    expect(holds.map((hold) => [hold.holdId, hold.status, hold.release?.overrideUntil])).toEqual([
      ['hold-D-1-1', 'active', undefined],
      ['hold-D-2-1', 'released', null],
    ]);
    expect(holds[0]?.review).toBeNull();
  });

  it('ignores a review or release of a hold it has not seen placed', () => {
    expect(
      foldCreditHolds([
        envelope('credit.hold.released', '2026-04-03T00:00:00.000Z', 'D-9', { holdId: 'hold-D-9-1', releasedBy: 'auto', reason: 'x', causedBy: 'e' }),
      ]),
    ).toEqual([]);
  });
});

describe('ordering', () => {
  const holds = foldCreditHolds([
    placed('hold-A-1', 'A', '2026-04-01T00:00:00.000Z', { exposure: 11_000, creditLimit: 10_000 }),
    placed('hold-B-1', 'B', '2026-04-02T00:00:00.000Z', { exposure: 4_000, creditLimit: 5_000, maxDaysPastDue: 45, overdue: 1_200 }),
    placed('hold-C-1', 'C', '2026-04-03T00:00:00.000Z', { exposure: 25_000, creditLimit: 10_000 }),
    placed('hold-D-1', 'D', '2026-03-30T00:00:00.000Z', { exposure: 12_000, creditLimit: 10_000, maxDaysPastDue: 45, overdue: 500 }),
    placed('hold-E-1', 'E', '2026-03-31T00:00:00.000Z', { exposure: 11_000, creditLimit: 10_000 }),
  ]);

  it('puts the oldest debt first, then the largest excess over the limit, then the longest waiting', () => {
    expect(sortByUrgency(holds).map((hold) => hold.holdId)).toEqual(['hold-D-1', 'hold-B-1', 'hold-C-1', 'hold-E-1', 'hold-A-1']);
  });

  it('lists every hold by placement time', () => {
    expect(sortByPlacement(holds).map((hold) => hold.holdId)).toEqual(['hold-D-1', 'hold-E-1', 'hold-A-1', 'hold-B-1', 'hold-C-1']);
  });

  it('urgency order never lets a hold with fewer days past due precede one with more', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ days: fc.integer({ min: 0, max: 120 }), exposure: fc.integer({ min: 0, max: 5_000_000 }) }), { maxLength: 30 }),
        (specs) => {
          const generated = foldCreditHolds(
            specs.map((spec, index) =>
              placed(`hold-${index}`, `D${index}`, '2026-04-01T00:00:00.000Z', {
                exposure: spec.exposure / 100,
                creditLimit: 10_000,
                maxDaysPastDue: spec.days,
              }),
            ),
          );
          const sorted = sortByUrgency(generated);
          expect(sorted).toHaveLength(generated.length);
          sorted.slice(1).forEach((hold, index) => {
            const before = sorted[index]!;
            expect(before.maxDaysPastDue).toBeGreaterThanOrEqual(hold.maxDaysPastDue);
            if (before.maxDaysPastDue === hold.maxDaysPastDue) {
              expect(Math.round(before.exposure * 100)).toBeGreaterThanOrEqual(Math.round(hold.exposure * 100));
            }
          });
        },
      ),
    );
  });
});
