import { describe, expect, it } from 'vitest';
import { creditScenario } from './creditScenario';

/** Issue 20: holds with hysteresis, reasons that must clear by payment, finance's keep, and what cleared each release. */
describe('releasing a hold', () => {
  it('releases an over-limit hold only at exposure ≤ limit × (1 − 5 %), not the moment it dips under the limit', () => {
    const { scenario, dealer, invoice, payment, types } = creditScenario();
    scenario.feed(dealer('2026-04-01T08:00:00Z'));
    expect(types(scenario.feed(invoice('2026-04-02T09:00:00Z', 'INV-1', 10_500, '2026-05-02')))).toContain('credit.hold.placed');
    // 9 900 is under the limit but above 9 500: still on hold.
    expect(scenario.feed(payment('2026-04-03T09:00:00Z', 'PAY-1', 600))).toEqual([]);
    const released = scenario.feed(payment('2026-04-04T09:00:00Z', 'PAY-2', 400));
    expect(released.map((output) => output.data)).toEqual([
      {
        holdId: 'hold-D-1-1',
        releasedBy: 'auto',
        reason: 'exposure 9500.00 is at or below 9500.00 (the limit of 10000.00 less 5%), nothing is overdue (cleared by payment.received)',
        cleared: { conditions: ['exposure_within_release_margin'], by: 'payment.received', exposure: 9500, releaseThreshold: 9500, overdueAmount: 0 },
        causedBy: 'payment.received-4',
      },
    ]);
  });

  it('takes the release margin from the policy', () => {
    const { scenario, dealer, invoice, payment, types } = creditScenario({ policy: { releaseMargin: 0 } });
    scenario.feed(dealer('2026-04-01T08:00:00Z'), invoice('2026-04-02T09:00:00Z', 'INV-1', 10_500, '2026-05-02'));
    expect(types(scenario.feed(payment('2026-04-03T09:00:00Z', 'PAY-1', 500)))).toEqual(['credit.hold.released']);
  });

  it('does not release a dealer with money overdue when a cancellation brings exposure down; the payment does', () => {
    const { scenario, dealer, invoice, order, cancel, payment, types, state } = creditScenario();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 5000, '2026-03-10'));
    // 20 days overdue (not yet a past_due reason) and an order that takes exposure over the limit.
    expect(types(scenario.feed(order('2026-03-30T09:00:00Z', 'SO-1', 6000)))).toContain('credit.hold.placed');
    expect(scenario.feed(cancel('2026-03-31T09:00:00Z', 'SO-1'))).toEqual([]);
    expect(state().active?.holdId).toBe('hold-D-1-1');
    const released = scenario.feed(payment('2026-04-01T09:00:00Z', 'PAY-1', 5000));
    expect(released[0]?.data).toMatchObject({
      releasedBy: 'auto',
      cleared: { conditions: ['exposure_within_release_margin', 'overdue_paid'], by: 'payment.received', overdueAmount: 0 },
    });
  });

  it('keeps a past-due hold until every overdue invoice is paid, not just the one more than 30 days late', () => {
    const { scenario, dealer, invoice, payment, tick, types } = creditScenario();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 1000, '2026-03-01'), invoice('2026-03-02T09:00:00Z', 'INV-2', 1000, '2026-03-25'));
    expect(types(scenario.feed(tick('2026-04-01T00:05:00Z')))).toEqual(['credit.hold.placed', 'credit.review.requested']);
    // Pays the oldest: nothing is more than 30 days late any more, but INV-2 is 8 days overdue.
    expect(scenario.feed(payment('2026-04-02T09:00:00Z', 'PAY-1', 1000))).toEqual([]);
    const released = scenario.feed(payment('2026-04-03T09:00:00Z', 'PAY-2', 1000));
    expect(released[0]?.data).toMatchObject({ cleared: { conditions: ['overdue_paid'], by: 'payment.received', releaseThreshold: null, overdueAmount: 0 } });
  });

  it('lets a finance keep stand until its last day when exposure falls by a cancellation, then releases on the next day', () => {
    const { scenario, dealer, order, cancel, decide, tick, types } = creditScenario();
    scenario.feed(dealer('2026-04-01T08:00:00Z'), order('2026-04-02T09:00:00Z', 'SO-1', 12_000));
    expect(scenario.feed(decide('2026-04-02T10:00:00Z', { decision: 'keep', holdId: 'hold-D-1-1', keepUntil: '2026-04-10' }))).toEqual([]);
    expect(scenario.feed(cancel('2026-04-03T09:00:00Z', 'SO-1'))).toEqual([]);
    expect(scenario.feed(tick('2026-04-10T12:00:00Z'))).toEqual([]);
    const released = scenario.feed(tick('2026-04-11T00:05:00Z'));
    expect(types(released)).toEqual(['credit.hold.released']);
    expect(released[0]?.data).toMatchObject({ cleared: { conditions: ['exposure_within_release_margin', 'keep_ended'], by: 'day_change' } });
  });

  it('ends a finance keep when a payment clears the reasons', () => {
    const { scenario, dealer, invoice, payment, decide } = creditScenario();
    scenario.feed(dealer('2026-04-01T08:00:00Z'), invoice('2026-04-02T09:00:00Z', 'INV-1', 12_000, '2026-05-02'));
    scenario.feed(decide('2026-04-02T10:00:00Z', { decision: 'keep' }));
    const released = scenario.feed(payment('2026-04-03T09:00:00Z', 'PAY-1', 6000));
    expect(released[0]?.data).toMatchObject({ releasedBy: 'auto', cleared: { conditions: ['exposure_within_release_margin'], by: 'payment.received' } });
  });

  it('says what a finance release was judged on', () => {
    const { scenario, dealer, invoice, decide } = creditScenario();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 10_200, '2026-03-10'));
    const released = scenario.feed(decide('2026-03-20T09:00:00Z', { decision: 'release', note: 'paid by cheque, clearing' }));
    expect(released[0]?.data).toMatchObject({
      releasedBy: 'finance',
      cleared: { conditions: ['finance_release'], by: 'credit.decision.recorded', exposure: 10_200, releaseThreshold: null, overdueAmount: 10_200 },
    });
  });
});
