import { describe, expect, it } from 'vitest';
import { createEventBuilder, createScenario } from '../testing';
import { rebatePolicySchema } from './policy';
import { rebateWorker } from './worker';

/** Issue 21 bullet 4 (with H4's rule): the rebate worker reads receivables as the credit worker does. */

function setup() {
  const e = createEventBuilder();
  const scenario = createScenario({ workers: [rebateWorker], policies: { rebates: rebatePolicySchema.parse({}) } });
  const dealer = e('dealer.upserted', '2026-01-01T08:00:00Z', {
    name: 'D-1',
    tier: 'B',
    region: 'East',
    locale: 'en',
    currency: 'CNY',
    creditLimit: 100_000,
    paymentTerms: { netDays: 30 },
  });
  const rate = (validFrom: string, value: string) => e('fx.rate.published', '2026-01-01T09:00:00Z', { base: 'USD', quote: 'CNY', rate: value, validFrom });
  return { e, scenario, dealer, rate };
}

describe('cash discounts and receivables in the dealer’s currency', () => {
  it('a USD payment earns the discount on its CNY value, and the discount is stated in CNY', () => {
    const { e, scenario, dealer, rate } = setup();
    scenario.feed(
      dealer,
      rate('2026-01-01', '7.1'),
      e('invoice.issued', '2026-01-02T09:00:00Z', { invoiceId: 'INV-1', amount: 1000, currency: 'CNY', dueDate: '2026-02-01', discount: { pct: 2, untilDate: '2026-01-12' } }),
    );
    // USD 138.03 at 7.1 = CNY 980.01: the discounted 980.00 is paid.
    const outputs = scenario.feed(e('payment.received', '2026-01-05T09:00:00Z', { paymentId: 'PAY-1', amount: 138.03, currency: 'USD' }));
    expect(outputs.map((o) => o.data)).toEqual([expect.objectContaining({ invoiceId: 'INV-1', amount: 20, pct: 2 })]);
  });

  it('a document in a currency with no published rate is dead-lettered with the reason', () => {
    const { e, scenario, dealer } = setup();
    scenario.feed(dealer);
    const result = scenario.pipeline.accept(e('invoice.issued', '2026-01-02T09:00:00Z', { invoiceId: 'INV-1', amount: 1000, currency: 'USD', dueDate: '2026-02-01' }));
    expect(result.failures).toEqual([expect.objectContaining({ worker: 'rebates', error: expect.stringMatching(/no USD\/CNY exchange rate/) })]);
  });

  it('a credit note against an overdue invoice leaves less to set the rebate against at the close', () => {
    const { e, scenario, dealer } = setup();
    scenario.feed(
      dealer,
      e('rebate.program.upserted', '2026-01-01T08:00:00Z', {
        programId: 'P-1',
        name: 'Q1',
        periodStart: '2026-01-01',
        periodEnd: '2026-03-31',
        basis: 'quantity',
        accumulation: 'period',
        method: 'all_units',
        tiers: [{ threshold: 0, rate: 0.1 }],
      }),
      e('order.placed', '2026-01-05T09:00:00Z', { orderId: 'O-1', warehouseId: 'W-1', lines: [{ sku: 'A', qty: 10, unitPrice: 100 }], promisedDeliveryDate: '2026-01-10' }),
      e('shipment.delivered', '2026-01-10T09:00:00Z', { shipmentId: 'S-1', orderId: 'O-1', lines: [{ sku: 'A', qty: 10 }] }),
      e('invoice.issued', '2026-02-01T09:00:00Z', { invoiceId: 'INV-1', amount: 300, currency: 'CNY', dueDate: '2026-03-15' }),
      // A price correction: 250 of INV-1 credited (no goods back).
      e('credit.note.issued', '2026-03-20T09:00:00Z', { creditNoteId: 'CN-1', invoiceId: 'INV-1', amount: 250, currency: 'CNY', reason: 'price correction' }),
      e('clock.tick', '2026-04-01T00:00:00Z', {}),
    );
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({
      rebateAmount: 100,
      settlement: { offsetAmount: 50, offsets: [{ invoiceId: 'INV-1', amount: 50, daysPastDue: 17 }], payableAmount: 50 },
    });
  });
});
