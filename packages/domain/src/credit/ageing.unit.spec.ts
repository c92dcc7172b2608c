import type { InputEvent } from '@dealerflow/contracts';
import { describe, expect, it } from 'vitest';
import { createEventBuilder } from '../testing';
import { ageingBucketOf, ageingReport, openInvoices } from './ageing';
import { applyLedgerEvent, createLedger, isLedgerEvent, type Ledger } from './ledger';

function ledgerOf(events: InputEvent[]): Ledger {
  const ledger = createLedger();
  for (const event of events) if (isLedgerEvent(event)) applyLedgerEvent(ledger, event);
  return ledger;
}

const e = createEventBuilder();
const invoice = (at: string, invoiceId: string, amount: number, dueDate: string) => e('invoice.issued', at, { invoiceId, amount, currency: 'CNY', dueDate });
const payment = (at: string, paymentId: string, amount: number, invoiceId?: string) =>
  e('payment.received', at, { paymentId, amount, currency: 'CNY', ...(invoiceId ? { allocations: [{ invoiceId, amount }] } : {}) });

describe('ageing', () => {
  it('puts each day past due in its bucket: current up to the due date, then 1–30, 31–60, 61–90, over 90', () => {
    expect([-5, 0, 1, 30, 31, 60, 61, 90, 91].map(ageingBucketOf)).toEqual([
      'current', 'current', 'days1to30', 'days1to30', 'days31to60', 'days31to60', 'days61to90', 'days61to90', 'over90',
    ]);
  });

  it("lists a dealer's open invoices with what is paid and open, earliest due first, and leaves out the settled ones", () => {
    const ledger = ledgerOf([
      invoice('2026-01-02T09:00:00Z', 'I-1', 1000.1, '2026-02-01'),
      invoice('2026-01-03T09:00:00Z', 'I-2', 500, '2026-01-20'),
      invoice('2026-03-01T09:00:00Z', 'I-3', 200, '2026-03-31'),
      payment('2026-03-02T09:00:00Z', 'P-1', 500, 'I-2'),
      payment('2026-03-02T10:00:00Z', 'P-2', 0.1, 'I-1'),
    ]);
    expect(openInvoices(ledger, '2026-04-10')).toEqual([
      { invoiceId: 'I-1', orderId: null, issueDate: '2026-01-02', dueDate: '2026-02-01', amount: 1000.1, paid: 0.1, open: 1000, daysPastDue: 68, bucket: 'days61to90' },
      { invoiceId: 'I-3', orderId: null, issueDate: '2026-03-01', dueDate: '2026-03-31', amount: 200, paid: 0, open: 200, daysPastDue: 10, bucket: 'days1to30' },
    ]);
  });

  it('adds per-dealer buckets to a total exactly to the cent, worst dealers first, and leaves out dealers who owe nothing', () => {
    const a = ledgerOf([invoice('2026-01-01T09:00:00Z', 'A-1', 0.1, '2026-01-05'), invoice('2026-01-01T09:00:00Z', 'A-2', 0.2, '2026-04-30')]);
    const b = ledgerOf([invoice('2026-03-01T09:00:00Z', 'B-1', 0.7, '2026-03-20')]);
    const paid = ledgerOf([invoice('2026-03-01T09:00:00Z', 'C-1', 10, '2026-03-20'), payment('2026-03-02T09:00:00Z', 'PC', 10)]);
    const report = ageingReport([
      { dealerId: 'D-B', ledger: b, today: '2026-04-10' },
      { dealerId: 'D-A', ledger: a, today: '2026-04-10' },
      { dealerId: 'D-C', ledger: paid, today: '2026-04-10' },
    ]);
    expect(report.dealers).toEqual([
      { dealerId: 'D-A', today: '2026-04-10', current: 0.2, days1to30: 0, days31to60: 0, days61to90: 0, over90: 0.1, total: 0.3 },
      { dealerId: 'D-B', today: '2026-04-10', current: 0, days1to30: 0.7, days31to60: 0, days61to90: 0, over90: 0, total: 0.7 },
    ]);
    // 0.1 + 0.2 + 0.7 in floating point is 0.9999999999999999; in cents it is 1.
    expect(report.total).toEqual({ current: 0.2, days1to30: 0.7, days31to60: 0, days61to90: 0, over90: 0.1, total: 1 });
  });
});
