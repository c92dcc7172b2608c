import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../calendar';
import { createEventBuilder } from '../testing';
import { maxDaysPastDue, overdueCents } from './daysPastDue';
import { computeExposure } from './exposure';
import { summarizePaymentBehaviour } from './paymentBehaviour';
import { applyLedgerEvent, createLedger, discountCents, openBalanceCents, pruneLedger, type Ledger, type LedgerEffect } from './ledger';

const e = createEventBuilder();

function invoice(at: string, invoiceId: string, amount: number, dueDate: string, extra: { orderId?: string; discount?: { pct: number; untilDate: string } } = {}) {
  return e('invoice.issued', at, { invoiceId, amount, currency: 'CNY', dueDate, ...extra });
}

function payment(at: string, paymentId: string, amount: number, allocations?: { invoiceId: string; amount: number }[]) {
  return e('payment.received', at, { paymentId, amount, currency: 'CNY', ...(allocations ? { allocations } : {}) });
}

function open(ledger: Ledger): Record<string, number> {
  return Object.fromEntries(ledger.invoices.map((inv) => [inv.invoiceId, openBalanceCents(inv)]));
}

describe('payment allocation', () => {
  it('splits a payment across open invoices, oldest due date first', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-1', 1000, '2026-04-30'));
    applyLedgerEvent(ledger, invoice('2026-04-02T09:00:00Z', 'INV-2', 500, '2026-04-15'));
    applyLedgerEvent(ledger, payment('2026-04-10T09:00:00Z', 'PAY-1', 1200));
    expect(open(ledger)).toEqual({ 'INV-1': 30_000, 'INV-2': 0 });
    expect(ledger.invoices[1]?.settledDate).toBe('2026-04-10');
    expect(ledger.invoices[0]?.settledDate).toBeNull();
    expect(computeExposure(ledger)).toEqual({ exposureCents: 30_000, openReceivablesCents: 30_000, openOrderValueCents: 0, creditBalanceCents: 0 });
  });

  it('breaks a due-date tie by issue order', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-B', 300, '2026-04-30'));
    applyLedgerEvent(ledger, invoice('2026-04-01T10:00:00Z', 'INV-A', 300, '2026-04-30'));
    applyLedgerEvent(ledger, payment('2026-04-10T09:00:00Z', 'PAY-1', 400));
    expect(open(ledger)).toEqual({ 'INV-B': 0, 'INV-A': 20_000 });
  });

  it('keeps an unallocated surplus as credit balance, which lowers exposure', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-1', 1000, '2026-04-30'));
    applyLedgerEvent(ledger, payment('2026-04-10T09:00:00Z', 'PAY-1', 1500.55));
    expect(computeExposure(ledger)).toEqual({ exposureCents: -50_055, openReceivablesCents: 0, openOrderValueCents: 0, creditBalanceCents: 50_055 });
  });

  it('sends an explicit allocation beyond the balance, or to an unknown invoice, to the general pool', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-1', 300, '2026-04-30'));
    applyLedgerEvent(ledger, invoice('2026-04-01T10:00:00Z', 'INV-2', 200, '2026-04-20'));
    applyLedgerEvent(ledger, invoice('2026-04-01T11:00:00Z', 'INV-3', 1000, '2026-04-25'));
    applyLedgerEvent(
      ledger,
      payment('2026-04-10T09:00:00Z', 'PAY-1', 800, [
        { invoiceId: 'INV-1', amount: 500 },
        { invoiceId: 'INV-404', amount: 100 },
      ]),
    );
    // INV-1 takes its 300; the other 500 goes oldest due first: INV-2 (200), then INV-3 (300).
    expect(open(ledger)).toEqual({ 'INV-1': 0, 'INV-2': 0, 'INV-3': 70_000 });
    expect(ledger.creditBalanceCents).toBe(0);
  });

  it('honours allocations only up to the payment amount', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-1', 300, '2026-04-30'));
    applyLedgerEvent(ledger, invoice('2026-04-01T10:00:00Z', 'INV-2', 300, '2026-04-20'));
    applyLedgerEvent(ledger, payment('2026-04-10T09:00:00Z', 'PAY-1', 400, [{ invoiceId: 'INV-1', amount: 300 }, { invoiceId: 'INV-2', amount: 300 }]));
    expect(open(ledger)).toEqual({ 'INV-1': 0, 'INV-2': 20_000 });
  });

  it('applies a credit balance to an invoice issued later', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, payment('2026-04-01T09:00:00Z', 'PAY-1', 500));
    expect(ledger.creditBalanceCents).toBe(50_000);
    applyLedgerEvent(ledger, invoice('2026-04-02T09:00:00Z', 'INV-1', 800, '2026-05-02'));
    expect(open(ledger)).toEqual({ 'INV-1': 30_000 });
    expect(ledger.creditBalanceCents).toBe(0);
    applyLedgerEvent(ledger, payment('2026-04-03T09:00:00Z', 'PAY-2', 400));
    applyLedgerEvent(ledger, invoice('2026-04-04T09:00:00Z', 'INV-2', 50, '2026-05-04'));
    expect(open(ledger)).toEqual({ 'INV-1': 0, 'INV-2': 0 });
    expect(ledger.creditBalanceCents).toBe(5_000);
    expect(ledger.invoices[1]?.settledDate).toBe('2026-04-04');
  });

  it('counts a payment re-sent with the same paymentId once, and an invoice re-sent once', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-1', 1000, '2026-04-30'));
    applyLedgerEvent(ledger, invoice('2026-04-01T09:05:00Z', 'INV-1', 1000, '2026-04-30'));
    applyLedgerEvent(ledger, payment('2026-04-10T09:00:00Z', 'PAY-1', 400));
    applyLedgerEvent(ledger, payment('2026-04-10T09:01:00Z', 'PAY-1', 400));
    expect(computeExposure(ledger).openReceivablesCents).toBe(60_000);
  });
});

describe('open order value', () => {
  it('follows place, amend, cancel and invoice', () => {
    const ledger = createLedger();
    const value = () => computeExposure(ledger).openOrderValueCents;
    applyLedgerEvent(
      ledger,
      e('order.placed', '2026-04-01T09:00:00Z', {
        orderId: 'O-1',
        warehouseId: 'W-1',
        lines: [{ sku: 'A', qty: 3, unitPrice: 100 }, { sku: 'B', qty: 2, unitPrice: 25.5 }],
        promisedDeliveryDate: '2026-04-10',
      }),
    );
    expect(value()).toBe(35_100);
    applyLedgerEvent(
      ledger,
      e('order.placed', '2026-04-01T10:00:00Z', { orderId: 'O-2', warehouseId: 'W-1', lines: [{ sku: 'A', qty: 2, unitPrice: 100 }], promisedDeliveryDate: '2026-04-10' }),
    );
    expect(value()).toBe(55_100);
    applyLedgerEvent(ledger, e('order.amended', '2026-04-02T09:00:00Z', { orderId: 'O-1', lines: [{ sku: 'A', qty: 1, unitPrice: 99.99 }], requestedBy: 'dealer' }));
    expect(value()).toBe(29_999);
    applyLedgerEvent(ledger, e('order.amended', '2026-04-02T10:00:00Z', { orderId: 'O-1', promisedDeliveryDate: '2026-04-12', requestedBy: 'dealer' }));
    expect(value()).toBe(29_999);
    applyLedgerEvent(ledger, e('order.cancelled', '2026-04-03T09:00:00Z', { orderId: 'O-2' }));
    expect(value()).toBe(9_999);
    applyLedgerEvent(ledger, invoice('2026-04-04T09:00:00Z', 'INV-1', 99.99, '2026-05-04', { orderId: 'O-1' }));
    expect(computeExposure(ledger)).toEqual({ exposureCents: 9_999, openReceivablesCents: 9_999, openOrderValueCents: 0, creditBalanceCents: 0 });
    // Cancelling an invoiced order does not take the invoice back.
    applyLedgerEvent(ledger, e('order.cancelled', '2026-04-05T09:00:00Z', { orderId: 'O-1' }));
    expect(computeExposure(ledger).exposureCents).toBe(9_999);
  });

  it('keeps an order invoiced when the invoice arrives before the placement', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-1', 100, '2026-05-01', { orderId: 'O-9' }));
    applyLedgerEvent(
      ledger,
      e('order.placed', '2026-04-01T08:00:00Z', { orderId: 'O-9', warehouseId: 'W-1', lines: [{ sku: 'A', qty: 1, unitPrice: 100 }], promisedDeliveryDate: '2026-04-10' }),
    );
    expect(computeExposure(ledger).openOrderValueCents).toBe(0);
  });
});

describe('cash discount', () => {
  const discount = { pct: 2, untilDate: '2026-04-10' };

  it('is earned when the discounted amount is paid by the end of untilDate', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-1', 1000, '2026-04-30', { discount }));
    const effects = applyLedgerEvent(ledger, payment('2026-04-10T23:59:00Z', 'PAY-1', 980));
    expect(effects).toEqual<LedgerEffect[]>([{ kind: 'discount_earned', invoiceId: 'INV-1', amountCents: 2_000, pct: 2, untilDate: '2026-04-10' }]);
    expect(open(ledger)).toEqual({ 'INV-1': 0 });
    expect(ledger.invoices[0]?.settledDate).toBe('2026-04-10');
  });

  it('credits back money paid beyond the discounted amount', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-1', 1000, '2026-04-30', { discount }));
    const effects = applyLedgerEvent(ledger, payment('2026-04-05T09:00:00Z', 'PAY-1', 1000, [{ invoiceId: 'INV-1', amount: 1000 }]));
    expect(effects.map((effect) => effect.amountCents)).toEqual([2_000]);
    expect(ledger.creditBalanceCents).toBe(2_000);
  });

  it('is not earned when paid a day late: the full amount is owed', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-1', 1000, '2026-04-30', { discount }));
    expect(applyLedgerEvent(ledger, payment('2026-04-11T00:00:00Z', 'PAY-1', 980))).toEqual([]);
    expect(open(ledger)).toEqual({ 'INV-1': 2_000 });
  });

  it('is earned by partial payments that reach the discounted amount inside the window, once', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-1', 1000, '2026-04-30', { discount }));
    expect(applyLedgerEvent(ledger, payment('2026-04-03T09:00:00Z', 'PAY-1', 500))).toEqual([]);
    expect(open(ledger)).toEqual({ 'INV-1': 50_000 });
    const effects = applyLedgerEvent(ledger, payment('2026-04-09T09:00:00Z', 'PAY-2', 500));
    expect(effects).toHaveLength(1);
    expect(open(ledger)).toEqual({ 'INV-1': 0 });
    expect(ledger.creditBalanceCents).toBe(2_000);
    expect(applyLedgerEvent(ledger, payment('2026-04-09T10:00:00Z', 'PAY-3', 10))).toEqual([]);
  });

  it('lets a window invoice take only its discounted amount, passing the rest to the next invoice', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-04-01T09:00:00Z', 'INV-1', 1000, '2026-04-30', { discount }));
    applyLedgerEvent(ledger, invoice('2026-04-01T10:00:00Z', 'INV-2', 100, '2026-05-30'));
    applyLedgerEvent(ledger, payment('2026-04-05T09:00:00Z', 'PAY-1', 1050));
    expect(open(ledger)).toEqual({ 'INV-1': 0, 'INV-2': 3_000 });
  });

  it('is earned at issue when money on account covers the discounted amount', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, payment('2026-04-01T09:00:00Z', 'PAY-1', 1000));
    const effects = applyLedgerEvent(ledger, invoice('2026-04-02T09:00:00Z', 'INV-1', 1000, '2026-04-30', { discount }));
    expect(effects.map((effect) => [effect.invoiceId, effect.amountCents])).toEqual([['INV-1', 2_000]]);
    expect(ledger.creditBalanceCents).toBe(2_000);
  });

  it('rounds the discount half-up to the cent', () => {
    expect(discountCents(50, 1)).toBe(1); // 0.005 -> 0.01
    expect(discountCents(1_250, 2.5)).toBe(31); // 0.3125 -> 0.31
    expect(discountCents(100_000, 2)).toBe(2_000);
  });
});

describe('days past due', () => {
  it('counts watermark date minus due date while a balance is open', () => {
    const ledger = createLedger();
    applyLedgerEvent(ledger, invoice('2026-03-01T09:00:00Z', 'INV-1', 100, '2026-03-31'));
    applyLedgerEvent(ledger, invoice('2026-03-02T09:00:00Z', 'INV-2', 200, '2026-03-20'));
    expect(maxDaysPastDue(ledger, '2026-03-20')).toBe(0);
    expect(maxDaysPastDue(ledger, '2026-04-05')).toBe(16);
    expect(overdueCents(ledger, '2026-04-05')).toBe(30_000);
    applyLedgerEvent(ledger, payment('2026-04-05T09:00:00Z', 'PAY-1', 200));
    expect(maxDaysPastDue(ledger, '2026-04-05')).toBe(5);
    expect(overdueCents(ledger, '2026-04-05')).toBe(10_000);
  });
});

describe('money is conserved (property)', () => {
  const step = fc.oneof(
    fc.record({
      kind: fc.constant('invoice' as const),
      cents: fc.integer({ min: 1, max: 500_000 }),
      dueIn: fc.integer({ min: 0, max: 60 }),
      discount: fc.option(fc.record({ pct: fc.integer({ min: 1, max: 1000 }).map((n) => n / 100), window: fc.integer({ min: 0, max: 15 }) })),
    }),
    fc.record({
      kind: fc.constant('payment' as const),
      cents: fc.integer({ min: 1, max: 500_000 }),
      allocations: fc.array(fc.record({ target: fc.integer({ min: 0, max: 12 }), cents: fc.integer({ min: 1, max: 300_000 }) }), { maxLength: 3 }),
    }),
  );

  it('openReceivables − creditBalance = Σ invoices − Σ payments − Σ discounts, and no balance is negative', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(step, fc.integer({ min: 0, max: 5 })), { maxLength: 40 }), (steps) => {
        const build = createEventBuilder();
        const ledger = createLedger();
        let day = 0;
        let invoiced = 0;
        let paid = 0;
        let discounts = 0;
        const earned = new Set<string>();
        steps.forEach(([s, gap], index) => {
          day += gap;
          const at = `${addDays('2026-01-01', day)}T09:00:00Z`;
          const plusDays = (n: number) => addDays('2026-01-01', day + n);
          const effects =
            s.kind === 'invoice'
              ? applyLedgerEvent(
                  ledger,
                  build('invoice.issued', at, {
                    invoiceId: `INV-${index}`,
                    amount: s.cents / 100,
                    currency: 'CNY',
                    dueDate: plusDays(s.dueIn),
                    ...(s.discount ? { discount: { pct: s.discount.pct, untilDate: plusDays(s.discount.window) } } : {}),
                  }),
                )
              : applyLedgerEvent(
                  ledger,
                  build('payment.received', at, {
                    paymentId: `PAY-${index}`,
                    amount: s.cents / 100,
                    currency: 'CNY',
                    allocations: s.allocations.map((a) => ({ invoiceId: `INV-${a.target}`, amount: a.cents / 100 })),
                  }),
                );
          if (s.kind === 'invoice') invoiced += s.cents;
          else paid += s.cents;
          for (const effect of effects) {
            expect(earned.has(effect.invoiceId)).toBe(false);
            earned.add(effect.invoiceId);
            discounts += effect.amountCents;
          }
          const exposure = computeExposure(ledger);
          expect(exposure.openReceivablesCents - exposure.creditBalanceCents).toBe(invoiced - paid - discounts);
          // The running total is what a full recount gives.
          expect(exposure.openReceivablesCents).toBe(ledger.invoices.reduce((sum, invoice) => sum + openBalanceCents(invoice), 0));
          expect(exposure.creditBalanceCents).toBeGreaterThanOrEqual(0);
          for (const inv of ledger.invoices) expect(openBalanceCents(inv)).toBeGreaterThanOrEqual(0);
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('open order value (property)', () => {
  const step = fc.oneof(
    fc.record({ kind: fc.constant('place' as const), order: fc.integer({ min: 0, max: 6 }), qty: fc.integer({ min: 1, max: 50 }), cents: fc.integer({ min: 0, max: 99_999 }) }),
    fc.record({ kind: fc.constant('amend' as const), order: fc.integer({ min: 0, max: 6 }), qty: fc.integer({ min: 1, max: 50 }), cents: fc.integer({ min: 0, max: 99_999 }) }),
    fc.record({ kind: fc.constant('cancel' as const), order: fc.integer({ min: 0, max: 6 }) }),
    fc.record({ kind: fc.constant('invoice' as const), order: fc.integer({ min: 0, max: 6 }) }),
  );

  it('equals a full recount over open orders after any sequence, in any order of arrival, and survives pruning', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const build = createEventBuilder();
        const ledger = createLedger();
        steps.forEach((s, index) => {
          const at = `${addDays('2026-01-01', index)}T09:00:00Z`;
          const orderId = `SO-${s.order}`;
          const lines = s.kind === 'place' || s.kind === 'amend' ? [{ sku: 'S', qty: s.qty, unitPrice: s.cents / 100 }] : [];
          if (s.kind === 'place') applyLedgerEvent(ledger, build('order.placed', at, { orderId, warehouseId: 'W', lines, promisedDeliveryDate: '2026-06-01' }));
          if (s.kind === 'amend') applyLedgerEvent(ledger, build('order.amended', at, { orderId, lines, requestedBy: 'dealer' }));
          if (s.kind === 'cancel') applyLedgerEvent(ledger, build('order.cancelled', at, { orderId }));
          if (s.kind === 'invoice') applyLedgerEvent(ledger, build('invoice.issued', at, { invoiceId: `INV-${index}`, orderId, amount: 10, currency: 'CNY', dueDate: '2026-06-01' }));
          if (index % 7 === 6) pruneLedger(ledger, addDays('2026-01-01', index), 3);
          // Ordered − invoiced − cancelled, order by order, from each order's own figures.
          const recount = Object.values(ledger.orders).reduce((sum, order) => sum + (order.cancelled ? 0 : Math.max(0, order.valueCents - (order.invoicedCents ?? 0))), 0);
          expect(computeExposure(ledger).openOrderValueCents).toBe(recount);
        });
      }),
    );
  });

  it('pruning folds settled invoices into per-date totals and forgets closed orders after 31 days, keeping the summary exact', () => {
    const build = createEventBuilder();
    const ledger = createLedger();
    applyLedgerEvent(ledger, build('order.placed', '2026-01-01T09:00:00Z', { orderId: 'SO-OLD', warehouseId: 'W', lines: [{ sku: 'S', qty: 1, unitPrice: 5 }], promisedDeliveryDate: '2026-01-09' }));
    applyLedgerEvent(ledger, build('order.placed', '2026-01-01T09:00:00Z', { orderId: 'SO-OPEN', warehouseId: 'W', lines: [{ sku: 'S', qty: 1, unitPrice: 7 }], promisedDeliveryDate: '2026-01-09' }));
    applyLedgerEvent(ledger, build('invoice.issued', '2026-01-02T09:00:00Z', { invoiceId: 'INV-PAID', orderId: 'SO-OLD', amount: 5, currency: 'CNY', dueDate: '2026-01-05' }));
    applyLedgerEvent(ledger, build('invoice.issued', '2026-01-02T09:00:00Z', { invoiceId: 'INV-OPEN', amount: 9, currency: 'CNY', dueDate: '2026-02-01' }));
    applyLedgerEvent(ledger, build('payment.received', '2026-01-08T09:00:00Z', { paymentId: 'P', amount: 5, currency: 'CNY', allocations: [{ invoiceId: 'INV-PAID', amount: 5 }] }));
    const summaryBefore = summarizePaymentBehaviour(ledger, '2026-03-01', 365);
    pruneLedger(ledger, '2026-02-08', 365);
    expect(ledger.invoices.map((invoice) => invoice.invoiceId)).toEqual(['INV-PAID', 'INV-OPEN']);
    pruneLedger(ledger, '2026-02-09', 365);
    expect(ledger.invoices.map((invoice) => invoice.invoiceId)).toEqual(['INV-OPEN']);
    expect(Object.keys(ledger.orders)).toEqual(['SO-OPEN']);
    expect(ledger.payments).toEqual({});
    expect(ledger.settlements).toEqual({ '2026-01-08': { settled: 1, onTime: 0, daysToPay: 6, largestDaysPastDue: 3 } });
    expect(summarizePaymentBehaviour(ledger, '2026-03-01', 365)).toEqual(summaryBefore);
    expect(computeExposure(ledger)).toMatchObject({ openReceivablesCents: 900, openOrderValueCents: 700 });
    pruneLedger(ledger, '2027-01-09', 365);
    expect(ledger.settlements).toEqual({});
  });
});
