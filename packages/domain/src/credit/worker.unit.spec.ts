import fc from 'fast-check';
import type { InputEvent } from '@dealerflow/contracts';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar';
import { createEventBuilder, createScenario } from '../testing';
import { holdSpans } from './holdSpans';
import type { CreditState } from './state';
import { creditWorker } from './worker';

function setup(policy?: Record<string, unknown>) {
  const scenario = createScenario({ workers: [creditWorker], ...(policy ? { policies: { credit: creditWorker.policySchema.parse(policy) } } : {}) });
  const e = createEventBuilder();
  return {
    scenario,
    e,
    types: (outputs: { type: string }[]) => outputs.map((output) => output.type),
    state: () => scenario.pipeline.stateOf<CreditState>('credit', 'D-1')!,
    dealer: (at: string, creditLimit = 10_000) =>
      e('dealer.upserted', at, { name: 'Acme Tools', tier: 'B', region: 'East', locale: 'en', currency: 'CNY', creditLimit, paymentTerms: { netDays: 30 } }),
    order: (at: string, orderId: string, value: number) =>
      e('order.placed', at, { orderId, warehouseId: 'W-1', lines: [{ sku: 'SKU-1', qty: 1, unitPrice: value }], promisedDeliveryDate: '2026-06-30' }),
    invoice: (at: string, invoiceId: string, amount: number, dueDate: string) =>
      e('invoice.issued', at, { invoiceId, amount, currency: 'CNY', dueDate }),
    payment: (at: string, paymentId: string, amount: number) => e('payment.received', at, { paymentId, amount, currency: 'CNY' }),
    tick: (at: string) => e('clock.tick', at, {}),
    decide: (at: string, data: { decision: 'release' | 'keep' | 'hold'; holdId?: string; overrideUntil?: string; note?: string }) =>
      e('credit.decision.recorded', at, { decidedBy: 'li.na@finance', ...data }),
  };
}

describe('over_limit hold', () => {
  it('places a hold with its figures, warning first, and releases it automatically', () => {
    const { scenario, dealer, order, payment, invoice, types } = setup();
    scenario.feed(dealer('2026-04-01T08:00:00Z'), invoice('2026-04-01T09:00:00Z', 'INV-1', 4000, '2026-05-01'), payment('2026-04-01T10:00:00Z', 'PAY-1', 500));
    const outputs = scenario.feed(order('2026-04-02T09:00:00Z', 'O-1', 7000.5));
    expect(types(outputs)).toEqual(['credit.limit.warning', 'credit.hold.placed', 'credit.review.requested']);
    expect(outputs[0]?.data).toEqual({ exposure: 10_500.5, creditLimit: 10_000, utilization: 1.0501, warningUtilization: 0.9, causedBy: 'order.placed-4' });
    expect(outputs[1]?.data).toEqual({
      holdId: 'hold-D-1-1',
      reasons: [{ code: 'over_limit', exposure: 10_500.5, creditLimit: 10_000, excess: 500.5 }],
      exposure: 10_500.5,
      creditLimit: 10_000,
      openReceivables: 3500,
      openOrderValue: 7000.5,
      creditBalance: 0,
      overdueAmount: 0,
      maxDaysPastDue: 0,
      causedBy: 'order.placed-4',
    });
    // Another over-limit event while on hold: no new event.
    expect(scenario.feed(order('2026-04-02T10:00:00Z', 'O-2', 100))).toEqual([]);
    const released = scenario.feed(payment('2026-04-03T09:00:00Z', 'PAY-2', 3000));
    expect(released).toEqual([
      {
        dealerId: 'D-1',
        type: 'credit.hold.released',
        data: {
          holdId: 'hold-D-1-1',
          releasedBy: 'auto',
          reason: 'exposure 7600.50 is at or below 9500.00 (the limit of 10000.00 less 5%), nothing is overdue (cleared by payment.received)',
          cleared: { conditions: ['exposure_within_release_margin'], by: 'payment.received', exposure: 7600.5, releaseThreshold: 9500, overdueAmount: 0 },
          causedBy: 'payment.received-6',
        },
      },
    ]);
  });

  it('records the hold span in watermark time for the delivery worker', () => {
    const { scenario, dealer, order, e, state } = setup();
    scenario.feed(dealer('2026-04-01T08:00:00Z'), order('2026-04-02T09:00:00Z', 'O-1', 12_000));
    expect(holdSpans(state())).toEqual([{ holdId: 'hold-D-1-1', from: Date.parse('2026-04-02T09:00:00Z'), to: null }]);
    scenario.feed(e('order.cancelled', '2026-04-05T12:00:00Z', { orderId: 'O-1' }));
    expect(holdSpans(state())).toEqual([{ holdId: 'hold-D-1-1', from: Date.parse('2026-04-02T09:00:00Z'), to: Date.parse('2026-04-05T12:00:00Z') }]);
  });

  it('holds a dealer whose limit is lowered below its exposure', () => {
    const { scenario, dealer, order, types } = setup();
    scenario.feed(dealer('2026-04-01T08:00:00Z', 20_000), order('2026-04-02T09:00:00Z', 'O-1', 12_000));
    expect(types(scenario.feed(dealer('2026-04-03T08:00:00Z', 10_000)))).toEqual(['credit.limit.warning', 'credit.hold.placed', 'credit.review.requested']);
  });
});

describe('past_due hold', () => {
  it('fires on the day the watermark makes an invoice 31 days past due, not on day 30', () => {
    const { scenario, dealer, invoice, tick, types } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 800, '2026-03-10'));
    expect(scenario.feed(tick('2026-04-09T23:59:00Z'))).toEqual([]);
    const outputs = scenario.feed(tick('2026-04-10T00:00:00Z'));
    expect(types(outputs)).toEqual(['credit.hold.placed', 'credit.review.requested']);
    expect(outputs[0]?.data).toMatchObject({
      reasons: [{ code: 'past_due', overdueAmount: 800, maxDaysPastDue: 31, pastDueHoldDays: 30, invoiceIds: ['INV-1'] }],
      overdueAmount: 800,
      maxDaysPastDue: 31,
      causedBy: 'clock.tick-4',
    });
    expect(outputs[1]?.data).toMatchObject({ suggestedAction: { code: 'request_payment' } });
  });

  it('carries both reasons when both hold, and releases only when both have cleared', () => {
    const { scenario, dealer, invoice, order, payment, tick, types, state } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 800, '2026-03-10'));
    // The watermark jumps to 2026-04-15 with this order: both reasons are there at once.
    const placed = scenario.feed(order('2026-04-15T09:00:00Z', 'O-1', 9500));
    expect(types(placed)).toEqual(['credit.limit.warning', 'credit.hold.placed', 'credit.review.requested']);
    expect(placed[1]?.data).toMatchObject({ reasons: [{ code: 'over_limit', excess: 300 }, { code: 'past_due', maxDaysPastDue: 36 }] });
    expect(scenario.feed(tick('2026-04-15T12:00:00Z'))).toEqual([]);
    // Paying the old invoice clears past_due (and the excess): released.
    expect(types(scenario.feed(payment('2026-04-16T09:00:00Z', 'PAY-1', 800)))).toEqual(['credit.hold.released']);
    expect(state().active).toBeNull();
  });

  it('keeps the hold while one of two reasons remains, updating the reasons silently', () => {
    const { scenario, dealer, invoice, order, e, tick, state } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 800, '2026-03-10'), order('2026-03-02T09:00:00Z', 'O-1', 9500), tick('2026-04-15T00:00:00Z'));
    expect(scenario.feed(e('order.cancelled', '2026-04-16T09:00:00Z', { orderId: 'O-1' }))).toEqual([]);
    expect(state().active).toMatchObject({ holdId: 'hold-D-1-1', reasons: ['past_due'] });
  });
});

describe('finance decisions', () => {
  it('releases while a reason remains, and holds again when a new, different reason appears', () => {
    const { scenario, dealer, order, invoice, decide, tick, types } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 500, '2026-03-20'), order('2026-03-02T09:00:00Z', 'O-1', 10_000));
    const released = scenario.feed(decide('2026-03-03T09:00:00Z', { decision: 'release', holdId: 'hold-D-1-1', note: 'big season order, agreed with sales' }));
    expect(released.map((output) => output.data)).toEqual([
      {
        holdId: 'hold-D-1-1',
        releasedBy: 'finance',
        reason: 'big season order, agreed with sales',
        overrideUntil: null,
        cleared: { conditions: ['finance_release'], by: 'credit.decision.recorded', exposure: 10_500, releaseThreshold: null, overdueAmount: 0 },
        causedBy: 'credit.decision.recorded-4',
      },
    ]);
    // over_limit is covered; more of it does not re-hold.
    expect(scenario.feed(order('2026-03-04T09:00:00Z', 'O-2', 1000))).toEqual([]);
    expect(scenario.feed(tick('2026-04-19T00:00:00Z'))).toEqual([]);
    const again = scenario.feed(tick('2026-04-20T00:00:00Z'));
    expect(types(again)).toEqual(['credit.hold.placed', 'credit.review.requested']);
    expect(again[0]?.data).toMatchObject({ holdId: 'hold-D-1-2', reasons: [{ code: 'over_limit' }, { code: 'past_due', maxDaysPastDue: 31 }] });
  });

  it('holds again when the watermark date passes overrideUntil while a reason remains', () => {
    const { scenario, dealer, order, decide, tick, types } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), order('2026-03-02T09:00:00Z', 'O-1', 11_000));
    const released = scenario.feed(decide('2026-03-03T09:00:00Z', { decision: 'release', overrideUntil: '2026-03-10' }));
    expect(released[0]?.data).toMatchObject({ holdId: 'hold-D-1-1', releasedBy: 'finance', reason: 'released by finance', overrideUntil: '2026-03-10', causedBy: 'credit.decision.recorded-3' });
    expect(scenario.feed(tick('2026-03-10T23:00:00Z'))).toEqual([]);
    const again = scenario.feed(tick('2026-03-11T00:00:00Z'));
    expect(types(again)).toEqual(['credit.hold.placed', 'credit.review.requested']);
    expect(again[0]?.data).toMatchObject({ holdId: 'hold-D-1-2', reasons: [{ code: 'over_limit', excess: 1000 }] });
  });

  it('spends the override when its reasons clear: a recurrence is a new hold', () => {
    const { scenario, dealer, order, decide, e, types } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), order('2026-03-02T09:00:00Z', 'O-1', 11_000), decide('2026-03-03T09:00:00Z', { decision: 'release' }));
    expect(scenario.feed(e('order.cancelled', '2026-03-04T09:00:00Z', { orderId: 'O-1' }))).toEqual([]);
    const again = scenario.feed(order('2026-03-05T09:00:00Z', 'O-2', 10_500));
    expect(types(again)).toEqual(['credit.limit.warning', 'credit.hold.placed', 'credit.review.requested']);
    expect(again[1]?.data).toMatchObject({ holdId: 'hold-D-1-2' });
  });

  it('keeps a manual hold until finance releases it', () => {
    const { scenario, dealer, order, decide, e, types, state } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'));
    const placed = scenario.feed(decide('2026-03-02T09:00:00Z', { decision: 'hold', note: 'dealer under restructuring' }));
    expect(types(placed)).toEqual(['credit.hold.placed', 'credit.review.requested']);
    expect(placed[0]?.data).toMatchObject({ holdId: 'hold-D-1-1', reasons: [{ code: 'manual', note: 'dealer under restructuring', decidedBy: 'li.na@finance' }], exposure: 0 });
    expect(placed[1]?.data).toMatchObject({ suggestedAction: { code: 'keep_hold' } });
    // Another reason coming and going does not end it.
    expect(types(scenario.feed(order('2026-03-03T09:00:00Z', 'O-1', 12_000)))).toEqual(['credit.limit.warning']);
    expect(state().active?.reasons).toEqual(['over_limit', 'manual']);
    expect(scenario.feed(e('order.cancelled', '2026-03-04T09:00:00Z', { orderId: 'O-1' }))).toEqual([]);
    expect(state().active?.reasons).toEqual(['manual']);
    expect(types(scenario.feed(decide('2026-03-05T09:00:00Z', { decision: 'release', note: 'restructuring approved' })))).toEqual(['credit.hold.released']);
    expect(state().manual).toBeNull();
    expect(state().override).toBeNull();
  });

  it('adds manual to an active hold without a new event, and a finance release clears it', () => {
    const { scenario, dealer, order, decide, state, types } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), order('2026-03-02T09:00:00Z', 'O-1', 12_000));
    expect(scenario.feed(decide('2026-03-03T09:00:00Z', { decision: 'hold', note: 'fraud check' }))).toEqual([]);
    expect(state().active).toMatchObject({ holdId: 'hold-D-1-1', reasons: ['over_limit', 'manual'] });
    expect(types(scenario.feed(decide('2026-03-04T09:00:00Z', { decision: 'release', holdId: 'hold-D-1-1' })))).toEqual(['credit.hold.released']);
    expect(state().override).toEqual({ covers: ['over_limit'], until: null });
  });

  it('a manual hold during an override ends the override and holds with every current reason', () => {
    const { scenario, dealer, order, decide } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), order('2026-03-02T09:00:00Z', 'O-1', 12_000), decide('2026-03-03T09:00:00Z', { decision: 'release' }));
    const placed = scenario.feed(decide('2026-03-04T09:00:00Z', { decision: 'hold', note: 'second thoughts' }));
    expect(placed[0]?.data).toMatchObject({ holdId: 'hold-D-1-2', reasons: [{ code: 'over_limit' }, { code: 'manual' }] });
  });

  it('changes nothing on a keep or release for another hold, or on a release with no active hold', () => {
    const { scenario, dealer, order, decide, state } = setup();
    expect(scenario.feed(dealer('2026-03-01T08:00:00Z'), decide('2026-03-01T09:00:00Z', { decision: 'release' }))).toEqual([]);
    scenario.feed(order('2026-03-02T09:00:00Z', 'O-1', 12_000));
    const before = JSON.stringify(state());
    expect(scenario.feed(decide('2026-03-03T09:00:00Z', { decision: 'keep', holdId: 'hold-D-9-1' }))).toEqual([]);
    expect(scenario.feed(decide('2026-03-03T10:00:00Z', { decision: 'release', holdId: 'hold-D-9-1' }))).toEqual([]);
    expect(JSON.stringify(state())).toBe(before);
    // A keep of the active hold is recorded with the hold (holdRules.unit.spec.ts has what it does).
    expect(scenario.feed(decide('2026-03-03T11:00:00Z', { decision: 'keep', holdId: 'hold-D-1-1' }))).toEqual([]);
    expect(state().active?.keep).toEqual({ until: null, decidedBy: 'li.na@finance' });
  });
});

describe('credit.limit.warning', () => {
  it('fires once per upward crossing and re-arms when exposure falls back below', () => {
    const { scenario, dealer, order, e, types } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), order('2026-03-02T09:00:00Z', 'O-1', 8999.99));
    const first = scenario.feed(order('2026-03-02T10:00:00Z', 'O-2', 0.01));
    expect(first.map((output) => output.data)).toEqual([{ exposure: 9000, creditLimit: 10_000, utilization: 0.9, warningUtilization: 0.9, causedBy: 'order.placed-3' }]);
    expect(scenario.feed(order('2026-03-02T11:00:00Z', 'O-3', 500))).toEqual([]);
    expect(scenario.feed(e('order.cancelled', '2026-03-03T09:00:00Z', { orderId: 'O-3' }))).toEqual([]);
    expect(scenario.feed(e('order.cancelled', '2026-03-03T10:00:00Z', { orderId: 'O-2' }))).toEqual([]);
    expect(types(scenario.feed(order('2026-03-04T09:00:00Z', 'O-4', 100)))).toEqual(['credit.limit.warning']);
    expect(scenario.outputsOf('credit.limit.warning')).toHaveLength(2);
  });

  it('follows the policy setting', () => {
    const { scenario, dealer, order, types } = setup({ warningUtilization: 0.5 });
    scenario.feed(dealer('2026-03-01T08:00:00Z'));
    expect(types(scenario.feed(order('2026-03-02T09:00:00Z', 'O-1', 5000)))).toEqual(['credit.limit.warning']);
  });
});

describe('event handling', () => {
  it('ignores a duplicate eventId', () => {
    const { scenario, dealer, payment, invoice, state } = setup();
    const pay = payment('2026-03-02T09:00:00Z', 'PAY-1', 300);
    scenario.feed(dealer('2026-03-01T08:00:00Z'), invoice('2026-03-01T09:00:00Z', 'INV-1', 1000, '2026-03-31'), pay, pay);
    expect(state().ledger.invoices[0]?.appliedCents).toBe(30_000);
  });

  it('records everything before dealer.upserted but holds and warns only once the profile arrives', () => {
    const { scenario, dealer, order, invoice, tick, types } = setup();
    expect(scenario.feed(invoice('2026-03-01T09:00:00Z', 'INV-1', 800, '2026-03-10'), order('2026-03-02T09:00:00Z', 'O-1', 12_000), tick('2026-05-01T00:00:00Z'))).toEqual([]);
    const outputs = scenario.feed(dealer('2026-05-01T08:00:00Z'));
    expect(types(outputs)).toEqual(['credit.limit.warning', 'credit.hold.placed', 'credit.review.requested']);
    expect(outputs[1]?.data).toMatchObject({ reasons: [{ code: 'over_limit', excess: 2800 }, { code: 'past_due', maxDaysPastDue: 52 }] });
  });
});

describe('cash discount in the credit figures', () => {
  const discountInvoice = (e: ReturnType<typeof createEventBuilder>) =>
    e('invoice.issued', '2026-03-01T09:00:00Z', { invoiceId: 'INV-1', amount: 1000, currency: 'CNY', dueDate: '2026-03-31', discount: { pct: 2, untilDate: '2026-03-10' } });

  it('closes the invoice when the discounted amount is paid on time: nothing falls past due', () => {
    const { scenario, dealer, payment, tick, e, state } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), discountInvoice(e), payment('2026-03-10T18:00:00Z', 'PAY-1', 980));
    expect(state().ledger.invoices[0]).toMatchObject({ appliedCents: 98_000, discountEarnedCents: 2_000, settledDate: '2026-03-10' });
    expect(scenario.feed(tick('2026-06-01T00:00:00Z'))).toEqual([]);
    // Long settled: folded into the totals of its settlement date, on time.
    expect(state().ledger.invoices).toEqual([]);
    expect(state().ledger.settlements['2026-03-10']).toMatchObject({ settled: 1, onTime: 1 });
  });

  it('leaves the discount owed when paid a day late, and that remainder can fall past due', () => {
    const { scenario, dealer, payment, tick, e } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), discountInvoice(e), payment('2026-03-11T09:00:00Z', 'PAY-1', 980));
    const placed = scenario.feed(tick('2026-05-01T00:00:00Z'));
    expect(placed[0]?.data).toMatchObject({ openReceivables: 20, overdueAmount: 20, reasons: [{ code: 'past_due', overdueAmount: 20, maxDaysPastDue: 31 }] });
  });

  it('is earned by a part payment and a later one inside the window, crediting back what was paid beyond', () => {
    const { scenario, dealer, payment, e, state } = setup();
    scenario.feed(dealer('2026-03-01T08:00:00Z'), discountInvoice(e), payment('2026-03-03T09:00:00Z', 'PAY-1', 600));
    expect(state().ledger.invoices[0]?.discountEarnedCents).toBe(0);
    scenario.feed(payment('2026-03-09T09:00:00Z', 'PAY-2', 400));
    expect(state().ledger.invoices[0]).toMatchObject({ appliedCents: 98_000, discountEarnedCents: 2_000 });
    expect(state().ledger.creditBalanceCents).toBe(2_000);
  });
});

describe('hold lifecycle (property)', () => {
  const step = fc.oneof(
    fc.record({ kind: fc.constant('order' as const), value: fc.integer({ min: 1, max: 8000 }) }),
    fc.record({ kind: fc.constant('cancel' as const), which: fc.nat(10) }),
    fc.record({ kind: fc.constant('invoice' as const), amount: fc.integer({ min: 1, max: 6000 }), dueIn: fc.integer({ min: -40, max: 30 }) }),
    fc.record({ kind: fc.constant('payment' as const), amount: fc.integer({ min: 1, max: 15_000 }) }),
    fc.record({ kind: fc.constant('decision' as const), decision: fc.constantFrom('release' as const, 'keep' as const, 'hold' as const), overrideDays: fc.option(fc.nat(10)) }),
  );

  it('alternates placed and released, numbers holds 1, 2, 3… and emits a review with every hold', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(step, fc.nat(4)), { maxLength: 40 }), (steps) => {
        const { scenario, dealer, order, invoice, payment, decide, e } = setup();
        const events: InputEvent[] = [dealer('2026-01-01T08:00:00Z')];
        let day = 0;
        steps.forEach(([s, gap], index) => {
          day += gap;
          const date = addDays('2026-01-01', day);
          const at = `${date}T09:${String(index % 60).padStart(2, '0')}:00Z`;
          if (s.kind === 'order') events.push(order(at, `O-${index}`, s.value));
          else if (s.kind === 'cancel') events.push(e('order.cancelled', at, { orderId: `O-${s.which}` }));
          else if (s.kind === 'invoice') events.push(invoice(at, `INV-${index}`, s.amount, addDays(date, s.dueIn)));
          else if (s.kind === 'payment') events.push(payment(at, `PAY-${index}`, s.amount));
          else
            events.push(
              decide(at, {
                decision: s.decision,
                ...(s.decision === 'hold' ? { note: 'check' } : {}),
                ...(s.overrideDays !== null && s.decision === 'release' ? { overrideUntil: addDays(date, s.overrideDays) } : {}),
              }),
            );
        });
        const outputs = scenario.feed(...events).filter((output) => output.type !== 'credit.limit.warning');
        let active: string | null = null;
        let placed = 0;
        outputs.forEach((output, index) => {
          if (output.type === 'credit.hold.placed') {
            expect(active).toBeNull();
            placed += 1;
            active = `hold-D-1-${placed}`;
            expect((output.data as { holdId: string }).holdId).toBe(active);
            expect(outputs[index + 1]?.type).toBe('credit.review.requested');
          } else if (output.type === 'credit.hold.released') {
            expect((output.data as { holdId: string }).holdId).toBe(active);
            active = null;
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});
