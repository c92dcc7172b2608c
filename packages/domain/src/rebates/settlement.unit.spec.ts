import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PastDueInvoice } from '../credit';
import { settleAgainstOverdue } from './settlement';

const overdue: PastDueInvoice[] = [
  { invoiceId: 'INV-OLD', openCents: 30_000, daysPastDue: 40 },
  { invoiceId: 'INV-NEW', openCents: 50_000, daysPastDue: 5 },
];

describe('settleAgainstOverdue', () => {
  it('offset: sets the rebate against overdue invoices, most overdue first, and pays the rest', () => {
    const remembered: Record<string, number> = {};
    const settlement = settleAgainstOverdue(100_000, overdue, 'offset', remembered, 'when the period closed');
    expect(settlement).toEqual({
      policy: 'offset',
      payableCents: 20_000,
      offsets: [
        { invoiceId: 'INV-OLD', cents: 30_000, daysPastDue: 40 },
        { invoiceId: 'INV-NEW', cents: 50_000, daysPastDue: 5 },
      ],
      withheldCents: 0,
      withheldReason: null,
    });
    expect(remembered).toEqual({ 'INV-OLD': 30_000, 'INV-NEW': 50_000 });
  });

  it('offset: never sets more against an invoice than is left of it after earlier offsets', () => {
    const remembered: Record<string, number> = { 'INV-OLD': 25_000 };
    const settlement = settleAgainstOverdue(10_000, overdue, 'offset', remembered, 'on 2026-07-09');
    expect(settlement.offsets).toEqual([
      { invoiceId: 'INV-OLD', cents: 5_000, daysPastDue: 40 },
      { invoiceId: 'INV-NEW', cents: 5_000, daysPastDue: 5 },
    ]);
    expect(settlement.payableCents).toBe(0);
  });

  it('withhold: pays nothing while anything is overdue, and says which invoices', () => {
    const settlement = settleAgainstOverdue(100_000, overdue, 'withhold', {}, 'when the period closed');
    expect(settlement).toMatchObject({ payableCents: 0, offsets: [], withheldCents: 100_000 });
    expect(settlement.withheldReason).toBe(
      'overdue: when the period closed, invoice INV-OLD was 40 days past due, invoice INV-NEW was 5 days past due; the rebate waits until they are paid',
    );
  });

  it('pays in full without overdue invoices, and never offsets money owed back', () => {
    expect(settleAgainstOverdue(100_000, [], 'withhold', {}, 'x')).toMatchObject({ payableCents: 100_000, withheldCents: 0 });
    expect(settleAgainstOverdue(-5_000, overdue, 'offset', {}, 'x')).toMatchObject({ payableCents: -5_000, offsets: [], withheldCents: 0 });
  });

  it('payable + offset + withheld is the amount, and no invoice takes more than its open balance', () => {
    const invoice = fc.record({ invoiceId: fc.constantFrom('A', 'B', 'C', 'D'), openCents: fc.integer({ min: 1, max: 1_000_000 }), daysPastDue: fc.integer({ min: 1, max: 200 }) });
    fc.assert(
      fc.property(fc.integer({ min: -100_000, max: 2_000_000 }), fc.uniqueArray(invoice, { selector: (i) => i.invoiceId }), fc.constantFrom('offset' as const, 'withhold' as const), (amount, invoices, policy) => {
        const remembered: Record<string, number> = {};
        const first = settleAgainstOverdue(amount, invoices, policy, remembered, 'x');
        const second = settleAgainstOverdue(amount, invoices, policy, remembered, 'x');
        for (const settlement of [first, second]) {
          const offset = settlement.offsets.reduce((sum, o) => sum + o.cents, 0);
          expect(settlement.payableCents + offset + settlement.withheldCents).toBe(amount);
        }
        for (const { invoiceId, openCents } of invoices) {
          const taken = [...first.offsets, ...second.offsets].filter((o) => o.invoiceId === invoiceId).reduce((sum, o) => sum + o.cents, 0);
          expect(taken).toBeLessThanOrEqual(openCents);
        }
      }),
      { numRuns: 200 },
    );
  });
});
