import { describe, expect, it } from 'vitest';
import { computeExposure } from './exposure';
import { creditScenario } from './creditScenario';

/** Issue 20: open order value per order — ordered − invoiced − cancelled; credit notes reduce receivables. */
describe('open order value: ordered − invoiced − cancelled', () => {
  it('keeps a 10 500 order on hold when its first partial invoice (5 250) arrives: the unshipped half is still exposure', () => {
    const { scenario, dealer, order, invoice, cancel, types, state } = creditScenario();
    scenario.feed(dealer('2026-04-01T08:00:00Z'));
    expect(types(scenario.feed(order('2026-04-02T09:00:00Z', 'SO-1', 10_500)))).toContain('credit.hold.placed');
    expect(scenario.feed(invoice('2026-04-05T09:00:00Z', 'INV-1', 5250, '2026-05-05', { orderId: 'SO-1' }))).toEqual([]);
    expect(computeExposure(state().ledger)).toMatchObject({ exposureCents: 1_050_000, openOrderValueCents: 525_000, openReceivablesCents: 525_000 });
    expect(state().active?.holdId).toBe('hold-D-1-1');
    // Cancelling the remainder takes exactly the 5 250 still open off exposure.
    const released = scenario.feed(cancel('2026-04-06T09:00:00Z', 'SO-1'));
    expect(computeExposure(state().ledger)).toMatchObject({ exposureCents: 525_000, openOrderValueCents: 0 });
    expect(released.map((output) => output.data)).toEqual([expect.objectContaining({ releasedBy: 'auto', cleared: expect.objectContaining({ by: 'order.cancelled' }) })]);
  });

  it('moves exposure by exactly what each partial invoice, amendment and cancellation changes', () => {
    const { scenario, dealer, order, invoice, cancel, e, state } = creditScenario();
    const figures = () => {
      const { openOrderValueCents, openReceivablesCents, exposureCents } = computeExposure(state().ledger);
      return [openOrderValueCents / 100, openReceivablesCents / 100, exposureCents / 100];
    };
    scenario.feed(dealer('2026-04-01T08:00:00Z', 100_000), order('2026-04-02T09:00:00Z', 'SO-1', 10_000));
    expect(figures()).toEqual([10_000, 0, 10_000]);
    scenario.feed(invoice('2026-04-03T09:00:00Z', 'INV-1', 3000, '2026-05-03', { orderId: 'SO-1' }));
    expect(figures()).toEqual([7000, 3000, 10_000]);
    // The dealer cuts the order to 8 000: 5 000 of it is still to invoice.
    scenario.feed(e('order.amended', '2026-04-04T09:00:00Z', { orderId: 'SO-1', lines: [{ sku: 'PUMP-1', qty: 1, unitPrice: 8000 }], requestedBy: 'dealer' }));
    expect(figures()).toEqual([5000, 3000, 8000]);
    scenario.feed(invoice('2026-04-05T09:00:00Z', 'INV-2', 2000, '2026-05-05', { orderId: 'SO-1' }));
    expect(figures()).toEqual([3000, 5000, 8000]);
    // A short shipment's remainder cancelled: the 3 000 not shipped leaves; what was invoiced stays owed.
    scenario.feed(cancel('2026-04-06T09:00:00Z', 'SO-1'));
    expect(figures()).toEqual([0, 5000, 5000]);
    // An invoice for goods that had already left counts as receivable, and nothing reopens.
    scenario.feed(invoice('2026-04-07T09:00:00Z', 'INV-3', 500, '2026-05-07', { orderId: 'SO-1' }));
    expect(figures()).toEqual([0, 5500, 5500]);
  });
});

describe('credit.note.issued', () => {
  it('takes a credit note off the invoice it names, a return included, and counts a re-sent one once', () => {
    const { scenario, dealer, invoice, e, state } = creditScenario();
    scenario.feed(dealer('2026-04-01T08:00:00Z'), invoice('2026-04-02T09:00:00Z', 'INV-1', 1000, '2026-05-02'), invoice('2026-04-02T10:00:00Z', 'INV-2', 400, '2026-04-20'));
    const note = e('credit.note.issued', '2026-04-10T09:00:00Z', {
      creditNoteId: 'CN-1',
      invoiceId: 'INV-1',
      amount: 300,
      currency: 'CNY',
      reason: 'one pump returned damaged',
      returnedLines: [{ sku: 'PUMP-1', qty: 1, unitPrice: 300 }],
    });
    scenario.feed(note, { ...note, eventId: 'credit.note.issued-resent' });
    expect(computeExposure(state().ledger).openReceivablesCents).toBe(110_000);
    expect(state().ledger.invoices.map((inv) => [inv.invoiceId, inv.amountCents - inv.appliedCents])).toEqual([
      ['INV-1', 70_000],
      ['INV-2', 40_000],
    ]);
  });

  it('puts a credit note without an invoice on account, paying the oldest due invoice first', () => {
    const { scenario, dealer, invoice, e, state } = creditScenario();
    scenario.feed(dealer('2026-04-01T08:00:00Z'), invoice('2026-04-02T09:00:00Z', 'INV-1', 1000, '2026-05-02'), invoice('2026-04-02T10:00:00Z', 'INV-2', 400, '2026-04-20'));
    scenario.feed(e('credit.note.issued', '2026-04-10T09:00:00Z', { creditNoteId: 'CN-2', amount: 500, currency: 'CNY', reason: 'price correction' }));
    expect(state().ledger.invoices.map((inv) => [inv.invoiceId, inv.amountCents - inv.appliedCents])).toEqual([
      ['INV-1', 90_000],
      ['INV-2', 0],
    ]);
    expect(computeExposure(state().ledger)).toMatchObject({ openReceivablesCents: 90_000, creditBalanceCents: 0 });
  });
});
