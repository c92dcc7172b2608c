import { describe, expect, it } from 'vitest';
import type { InputEvent } from '@dealerflow/contracts';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { ageingReport, localDateOf, type CreditState } from '@dealerflow/domain';
import { generateStream } from '@dealerflow/testkit';
import { openEmbeddedRuntime } from '../src';
import { runtimeBackends } from '../src/testing';

// Finance's ageing and open invoices through the board: the credit worker's committed ledgers, aged
// by the domain on each dealer's local day at the credit worker's watermark.
const backends = await runtimeBackends('dealerflow-ageing-');

function story(): InputEvent[] {
  const e = createEventBuilder();
  const dealer = (dealerId: string, timezone?: string) =>
    e('dealer.upserted', '2026-01-01T00:00:00Z', { name: dealerId, tier: 'B', region: 'East', locale: 'en', currency: 'CNY', creditLimit: 100_000, paymentTerms: { netDays: 30 }, ...(timezone ? { timezone } : {}) }, { dealerId });
  const invoice = (dealerId: string, invoiceId: string, amount: number, dueDate: string) =>
    e('invoice.issued', '2026-01-02T09:00:00Z', { invoiceId, amount, currency: 'CNY', dueDate }, { dealerId });
  return [
    dealer('D-1', 'Asia/Shanghai'),
    dealer('D-2'),
    invoice('D-1', 'I-1', 1000.1, '2026-01-05'), // 91 days past due on 6 April (Shanghai): over 90
    invoice('D-1', 'I-2', 200.2, '2026-04-06'), // due today in Shanghai: current
    invoice('D-2', 'I-3', 300.3, '2026-03-20'), // 16 days past due on 5 April (UTC)
    e('payment.received', '2026-01-03T09:00:00Z', { paymentId: 'P-1', amount: 0.1, currency: 'CNY', allocations: [{ invoiceId: 'I-1', amount: 0.1 }] }, { dealerId: 'D-1' }),
    // 5 April 20:00 UTC is 6 April 04:00 in Shanghai.
    e('clock.tick', '2026-04-05T20:00:00Z', {}),
  ];
}

describe.each(backends)('ageing and open invoices on $name', (backend) => {
  it.skipIf(backend.skip)(`ages each dealer's open invoices on its own day and adds them up to the cent${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async () => {
    const runtime = await openEmbeddedRuntime(await backend.options());
    try {
      await runtime.eventLog.append(story().map((value) => ({ value })));
      await runtime.runner.drain();
      await runtime.boardProjector.drain();
      const ageing = await runtime.board.ageing();
      expect(ageing).toEqual({
        asOf: '2026-04-05T20:00:00.000Z',
        dealers: [
          { dealerId: 'D-1', today: '2026-04-06', current: 200.2, days1to30: 0, days31to60: 0, days61to90: 0, over90: 1000, total: 1200.2 },
          { dealerId: 'D-2', today: '2026-04-05', current: 0, days1to30: 300.3, days31to60: 0, days61to90: 0, over90: 0, total: 300.3 },
        ],
        total: { current: 200.2, days1to30: 300.3, days31to60: 0, days61to90: 0, over90: 1000, total: 1500.5 },
      });
      expect(await runtime.board.openInvoices('D-1')).toEqual({
        today: '2026-04-06',
        invoices: [
          { invoiceId: 'I-1', orderId: null, issueDate: '2026-01-02', dueDate: '2026-01-05', amount: 1000.1, paid: 0.1, open: 1000, daysPastDue: 91, bucket: 'over90' },
          { invoiceId: 'I-2', orderId: null, issueDate: '2026-01-02', dueDate: '2026-04-06', amount: 200.2, paid: 0, open: 200.2, daysPastDue: 0, bucket: 'current' },
        ],
      });
      expect(await runtime.board.openInvoices('D-9')).toEqual({ today: null, invoices: [] });
    } finally {
      await runtime.close();
    }
  });

  it.skipIf(backend.skip)(`ages as the domain ages the whole ledgers, though it takes only their open money by due date${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async () => {
    const runtime = await openEmbeddedRuntime(await backend.options());
    try {
      // Partial payments, cash discounts and invoices due the same day: what the open money by due date must keep.
      await runtime.eventLog.append([...generateStream({ dealers: 12, skus: 4, days: 75, seed: 9 })].map((value) => ({ value })));
      await runtime.runner.drain({ snapshot: false });
      const { state: states, watermark } = await runtime.workerStates.dealers<CreditState>('credit');
      const profiles = await runtime.dealers.profiles([...states.keys()]);
      const ledgers = [...states].map(([dealerId, state]) => ({ dealerId, ledger: state.ledger, today: localDateOf(watermark!, profiles.get(dealerId)?.timezone ?? 'UTC') }));
      const expected = ageingReport(ledgers);
      expect(expected.dealers.length).toBeGreaterThan(1);
      expect(await runtime.board.ageing()).toEqual({ ...expected, asOf: new Date(watermark!).toISOString() });
    } finally {
      await runtime.close();
    }
  });
});
