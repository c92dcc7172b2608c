import type { RebateProgram } from '@dealerflow/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAccrual } from './accrual';
import { createEventBuilder, createScenario } from '../testing';
import { rebatePolicySchema, type RebatePolicy } from './policy';
import { rebateWorker } from './worker';

/** Issue 21: statements settle against what the dealer owes; late deliveries and returns adjust closed periods. */

type ProgramInput = Partial<Omit<RebateProgram, 'eligibility'>> & { eligibility?: { maxDaysPastDue?: number } };

function setup(policy: Partial<RebatePolicy> = {}) {
  const e = createEventBuilder();
  const scenario = createScenario({ workers: [rebateWorker], policies: { rebates: rebatePolicySchema.parse(policy) } });
  const dealer = () =>
    e('dealer.upserted', '2026-03-01T08:00:00Z', {
      name: 'D-1',
      tier: 'B',
      region: 'East',
      locale: 'en',
      currency: 'CNY',
      creditLimit: 100_000,
      paymentTerms: { netDays: 30 },
    });
  const program = (data: ProgramInput = {}, at = '2026-03-15T08:00:00Z') =>
    e('rebate.program.upserted', at, {
      programId: 'P-1',
      name: 'Q2 volume rebate',
      periodStart: '2026-04-01',
      periodEnd: '2026-06-30',
      basis: 'quantity',
      accumulation: 'period',
      method: 'all_units',
      tiers: [
        { threshold: 0, rate: 0.01 },
        { threshold: 100, rate: 0.02 },
      ],
      ...data,
    });
  const order = (at: string, orderId: string, qty: number, unitPrice = 100) =>
    e('order.placed', at, { orderId, warehouseId: 'W-1', lines: [{ sku: 'A', qty, unitPrice }], promisedDeliveryDate: '2026-06-30' });
  let shipments = 0;
  const delivered = (at: string, orderId: string, qty: number) =>
    e('shipment.delivered', at, { shipmentId: `S-${++shipments}`, orderId, lines: [{ sku: 'A', qty }] });
  const invoice = (at: string, invoiceId: string, amount: number, dueDate: string) =>
    e('invoice.issued', at, { invoiceId, amount, currency: 'CNY', dueDate });
  const creditNote = (at: string, creditNoteId: string, returnedLines: { sku: string; qty: number; orderId?: string }[], amount = 100) =>
    e('credit.note.issued', at, { creditNoteId, amount, currency: 'CNY', reason: 'goods returned', returnedLines });
  const tick = (at: string) => e('clock.tick', at, {});
  /** 150 units at 100 delivered in Q2: tier 1 (2 %) on 15,000.00, a rebate of 300.00. */
  const sold = () => [dealer(), program(), order('2026-04-01T09:00:00Z', 'O-1', 150), delivered('2026-04-05T10:00:00Z', 'O-1', 150)];
  return { e, scenario, dealer, program, order, delivered, invoice, creditNote, tick, sold };
}

describe('a statement for a dealer with overdue invoices (bullet 1)', () => {
  it('offsets the rebate against the overdue invoices by default, most overdue first, and pays the rest', () => {
    const { scenario, invoice, tick, sold } = setup();
    scenario.feed(
      ...sold(),
      // On the closing day (2026-07-01) INV-1 is 31 days past due, INV-2 1 day; INV-3 is not due yet.
      invoice('2026-04-10T08:00:00Z', 'INV-1', 80.5, '2026-05-31'),
      invoice('2026-05-01T08:00:00Z', 'INV-2', 120, '2026-06-30'),
      invoice('2026-06-20T08:00:00Z', 'INV-3', 500, '2026-07-20'),
      tick('2026-07-01T00:00:00Z'),
    );
    expect(scenario.outputsOf('rebate.statement.issued')).toEqual([
      expect.objectContaining({
        rebateAmount: 300,
        status: 'payable',
        withheldReason: null,
        settlement: {
          policy: 'offset',
          payableAmount: 99.5,
          offsetAmount: 200.5,
          offsets: [
            { invoiceId: 'INV-1', amount: 80.5, daysPastDue: 31 },
            { invoiceId: 'INV-2', amount: 120, daysPastDue: 1 },
          ],
          withheldAmount: 0,
        },
      }),
    ]);
  });

  it('offsets no more than the rebate when the dealer owes more', () => {
    const { scenario, invoice, tick, sold } = setup();
    scenario.feed(...sold(), invoice('2026-04-01T08:00:00Z', 'INV-1', 1000, '2026-05-31'), tick('2026-07-01T00:00:00Z'));
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({
      status: 'payable',
      settlement: { payableAmount: 0, offsetAmount: 300, offsets: [{ invoiceId: 'INV-1', amount: 300, daysPastDue: 31 }], withheldAmount: 0 },
    });
  });

  it('withholds the whole rebate, naming the overdue invoices, under the withhold policy', () => {
    const { scenario, invoice, tick, sold } = setup({ overdueSettlement: 'withhold' });
    scenario.feed(...sold(), invoice('2026-04-01T08:00:00Z', 'INV-1', 80.5, '2026-05-31'), tick('2026-07-01T00:00:00Z'));
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({
      status: 'withheld',
      withheldReason: 'overdue: when the period closed, invoice INV-1 was 31 days past due; the rebate waits until they are paid',
      settlement: { policy: 'withhold', payableAmount: 0, offsetAmount: 0, offsets: [], withheldAmount: 300 },
    });
  });

  it('pays in full when nothing is overdue on the closing day', () => {
    const { scenario, invoice, tick, sold } = setup();
    scenario.feed(...sold(), invoice('2026-06-01T08:00:00Z', 'INV-1', 80.5, '2026-07-01'), tick('2026-07-01T00:00:00Z'));
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({
      status: 'payable',
      settlement: { payableAmount: 300, offsetAmount: 0, offsets: [], withheldAmount: 0 },
    });
  });

  it('withholds the whole rebate when the program’s eligibility limit is passed, offsetting nothing', () => {
    const { scenario, invoice, tick, sold } = setup();
    scenario.feed(...sold(), invoice('2026-03-01T08:00:00Z', 'INV-1', 80.5, '2026-04-15'), tick('2026-07-01T00:00:00Z'));
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({
      status: 'withheld',
      withheldReason: expect.stringMatching(/^past_due: /),
      settlement: { payableAmount: 0, offsetAmount: 0, offsets: [], withheldAmount: 300 },
    });
  });

  it('does not set two programs closing together against the same overdue money', () => {
    const { scenario, program, invoice, tick, sold } = setup();
    scenario.feed(
      ...sold(),
      program({ programId: 'P-2', tiers: [{ threshold: 0, rate: 0.01 }] }),
      invoice('2026-04-01T08:00:00Z', 'INV-1', 400, '2026-05-31'),
      tick('2026-07-01T00:00:00Z'),
    );
    expect(scenario.outputsOf('rebate.statement.issued').map((s) => [s.programId, s.settlement?.offsetAmount, s.settlement?.payableAmount])).toEqual([
      ['P-1', 300, 0],
      ['P-2', 100, 50],
    ]);
  });
});

describe('late deliveries and returns into a closed period (bullet 2)', () => {
  it('a delivery dated in a closed period issues an adjustment with the difference', () => {
    const { scenario, delivered, tick, sold } = setup();
    scenario.feed(...sold(), tick('2026-07-01T00:00:00Z'));
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({ volume: 150, rebateAmount: 300 });
    // Delivered on 2026-06-29, published on 2026-07-03: dated inside Q2, after its statement.
    const late = scenario.feed(delivered('2026-06-29T15:00:00Z', 'O-1', 20));
    expect(late).toEqual([
      expect.objectContaining({
        type: 'rebate.adjustment.issued',
        data: expect.objectContaining({
          programId: 'P-1',
          periodStart: '2026-04-01',
          periodEnd: '2026-06-30',
          reason: 'late_delivery',
          documentId: 'S-2',
          previousVolume: 150,
          previousQualifyingAmount: 15_000,
          previousRebateAmount: 300,
          volume: 170,
          qualifyingAmount: 17_000,
          tierIndex: 1,
          rate: 0.02,
          rebateAmount: 340,
          adjustmentAmount: 40,
          status: 'payable',
          withheldReason: null,
          settlement: { policy: 'offset', payableAmount: 40, offsetAmount: 0, offsets: [], withheldAmount: 0 },
        }),
      }),
    ]);
  });

  it('a late delivery that lifts the period into a higher tier adjusts by the whole difference', () => {
    const { scenario, order, delivered, tick, dealer, program } = setup();
    scenario.feed(dealer(), program(), order('2026-04-01T09:00:00Z', 'O-1', 100), delivered('2026-04-05T10:00:00Z', 'O-1', 90), tick('2026-07-02T00:00:00Z'));
    expect(scenario.outputsOf('rebate.statement.issued')[0]).toMatchObject({ rebateAmount: 90 });
    const late = scenario.feed(delivered('2026-06-30T10:00:00Z', 'O-1', 10));
    expect(late.map((o) => o.data)).toEqual([expect.objectContaining({ previousRebateAmount: 90, rebateAmount: 200, tierIndex: 1, adjustmentAmount: 110 })]);
  });

  it('a return of goods sold in a closed period reduces its volume and issues a negative adjustment', () => {
    const { scenario, creditNote, tick, sold } = setup();
    scenario.feed(...sold(), tick('2026-07-01T00:00:00Z'));
    const returned = scenario.feed(creditNote('2026-07-09T10:00:00Z', 'CN-1', [{ sku: 'A', qty: 60, orderId: 'O-1' }]));
    expect(returned.map((o) => [o.type, o.data])).toEqual([
      [
        'rebate.adjustment.issued',
        expect.objectContaining({
          reason: 'return',
          documentId: 'CN-1',
          previousVolume: 150,
          volume: 90,
          qualifyingAmount: 9_000,
          tierIndex: 0,
          rate: 0.01,
          rebateAmount: 90,
          adjustmentAmount: -210,
          status: 'payable',
          settlement: { policy: 'offset', payableAmount: -210, offsetAmount: 0, offsets: [], withheldAmount: 0 },
        }),
      ],
    ]);
    // The same units cannot come back twice: a second note for more than is left takes only what is left.
    const again = scenario.feed(creditNote('2026-07-10T10:00:00Z', 'CN-2', [{ sku: 'A', qty: 500 }]));
    expect(again.map((o) => o.data)).toEqual([expect.objectContaining({ previousVolume: 90, volume: 0, rebateAmount: 0, adjustmentAmount: -90 })]);
  });

  it('a return inside an open period lowers the accrual the dealer sees', () => {
    const { scenario, creditNote, sold } = setup();
    scenario.feed(...sold());
    const returned = scenario.feed(creditNote('2026-04-20T10:00:00Z', 'CN-1', [{ sku: 'A', qty: 60 }]));
    expect(returned.map((o) => [o.type, o.data])).toEqual([
      ['rebate.accrued', expect.objectContaining({ volume: 90, qualifyingAmount: 9_000, tierIndex: 0, accruedAmount: 90 })],
    ]);
  });

  it('a positive adjustment is set against invoices overdue on its day, beside what the statement already offset', () => {
    const { scenario, invoice, delivered, tick, sold } = setup();
    scenario.feed(...sold(), invoice('2026-04-01T08:00:00Z', 'INV-1', 320, '2026-05-31'), tick('2026-07-01T00:00:00Z'));
    expect(scenario.outputsOf('rebate.statement.issued')[0]?.settlement).toMatchObject({ offsetAmount: 300, payableAmount: 0 });
    const late = scenario.feed(delivered('2026-06-29T10:00:00Z', 'O-1', 20));
    expect(late[0]?.data).toMatchObject({
      adjustmentAmount: 40,
      settlement: { offsetAmount: 20, offsets: [{ invoiceId: 'INV-1', amount: 20 }], payableAmount: 20 },
    });
  });

  it('an adjustment to a statement withheld for eligibility is withheld too', () => {
    const { scenario, invoice, delivered, tick, sold } = setup();
    scenario.feed(...sold(), invoice('2026-03-01T08:00:00Z', 'INV-1', 80, '2026-04-15'), tick('2026-07-01T00:00:00Z'));
    const late = scenario.feed(delivered('2026-06-29T10:00:00Z', 'O-1', 20));
    expect(late[0]?.data).toMatchObject({ status: 'withheld', withheldReason: expect.stringMatching(/^past_due: /), settlement: { withheldAmount: 40 } });
  });

  it('a late delivery into a closed period where the dealer had no sales still adjusts, from zero', () => {
    const { scenario, dealer, program, order, delivered, tick } = setup();
    scenario.feed(dealer(), program(), order('2026-06-01T09:00:00Z', 'O-1', 10), tick('2026-07-01T00:00:00Z'));
    expect(scenario.outputsOf('rebate.statement.issued')).toEqual([]);
    const late = scenario.feed(delivered('2026-06-30T10:00:00Z', 'O-1', 10));
    expect(late.map((o) => o.data)).toEqual([expect.objectContaining({ previousVolume: 0, previousRebateAmount: 0, volume: 10, rebateAmount: 10, adjustmentAmount: 10 })]);
  });

  it('forgets a closed period after the adjustment window: a delivery that late changes nothing', () => {
    const { scenario, delivered, tick, sold } = setup({ adjustmentWindowDays: 30 });
    scenario.feed(...sold(), tick('2026-07-01T00:00:00Z'), tick('2026-08-01T00:00:00Z'));
    expect(scenario.feed(delivered('2026-06-29T10:00:00Z', 'O-1', 20))).toEqual([]);
  });

  it('dates a delivery on the dealer’s local day: 01:00 in Shanghai on 1 July is after the period, not a late delivery into it', () => {
    const { e, scenario, program, order, delivered, tick } = setup();
    const shanghai = e('dealer.upserted', '2026-03-01T08:00:00Z', {
      name: 'D-1',
      tier: 'B',
      region: 'East',
      locale: 'en',
      timezone: 'Asia/Shanghai',
      currency: 'CNY',
      creditLimit: 100_000,
      paymentTerms: { netDays: 30 },
    });
    scenario.feed(shanghai, program(), order('2026-04-01T09:00:00Z', 'O-1', 150), delivered('2026-04-05T10:00:00Z', 'O-1', 100));
    // 2026-06-30T16:30Z is 00:30 on 1 July in Shanghai: the dealer's period has ended.
    scenario.feed(tick('2026-06-30T16:30:00Z'));
    expect(scenario.outputsOf('rebate.statement.issued')).toHaveLength(1);
    // 2026-06-30T17:00Z, 01:00 on 1 July local: a UTC date would put it in the closed Q2.
    expect(scenario.feed(delivered('2026-06-30T17:00:00Z', 'O-1', 50))).toEqual([]);
    expect(scenario.outputsOf('rebate.adjustment.issued')).toEqual([]);
  });
});

describe('property: a closed period never changes silently', () => {
  it('the statement plus every adjustment is the rebate on everything finally counted in the period (late deliveries and returns included)', () => {
    const tiers = [
      { threshold: 0, rate: 0.01 },
      { threshold: 100, rate: 0.02 },
      { threshold: 250, rate: 0.035 },
    ];
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 91 }), fc.integer({ min: 1, max: 80 }), fc.boolean()), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 60 })), { maxLength: 4 }),
        (deliveries, returns) => {
          const { scenario, dealer, program, order, delivered, creditNote, tick } = setup();
          scenario.feed(dealer(), program({ tiers }));
          const day = (n: number) => new Date(Date.UTC(2026, 3, 1) + (n - 1) * 86_400_000).toISOString().slice(0, 10);
          const late: ReturnType<typeof delivered>[] = [];
          deliveries.forEach(([n, qty, isLate], i) => {
            scenario.feed(order(`${day(Math.min(n, 91))}T08:00:00Z`, `O-${i}`, qty, 10 + i));
            const event = delivered(`${day(Math.min(n, 91))}T09:00:00Z`, `O-${i}`, qty);
            if (isLate) late.push(event);
            else scenario.feed(event);
          });
          scenario.feed(tick('2026-07-01T00:00:00Z'));
          // Published after the close, in event time still inside Q2; then returns of some of the goods.
          scenario.feed(...late);
          returns.forEach(([i, qty], r) => {
            scenario.feed(creditNote(`2026-07-${String(2 + r).padStart(2, '0')}T10:00:00Z`, `CN-${r}`, [{ sku: 'A', qty, orderId: `O-${i % deliveries.length}` }]));
          });
          // What counts in the end: every delivery, less what came back (never more than was delivered of an order).
          const net = deliveries.map(([, qty], i) => {
            const back = returns.filter(([j]) => j % deliveries.length === i).reduce((sum, [, q]) => sum + q, 0);
            return { qty: Math.max(0, qty - back), price: 10 + i };
          });
          const quantity = net.reduce((sum, line) => sum + line.qty, 0);
          const amountCents = net.reduce((sum, line) => sum + line.qty * line.price * 100, 0);
          const expected = computeAccrual(tiers, 'all_units', quantity, amountCents).accruedCents;
          const stated = scenario.outputsOf('rebate.statement.issued').reduce((sum, st) => sum + Math.round(st.rebateAmount * 100), 0);
          const adjusted = scenario.outputsOf('rebate.adjustment.issued').reduce((sum, adj) => sum + Math.round(adj.adjustmentAmount * 100), 0);
          expect(stated + adjusted).toBe(expected);
          for (const adj of scenario.outputsOf('rebate.adjustment.issued')) {
            const settlement = adj.settlement;
            expect(Math.round((settlement.payableAmount + settlement.offsetAmount + settlement.withheldAmount) * 100)).toBe(Math.round(adj.adjustmentAmount * 100));
          }
        },
      ),
      { numRuns: 80 },
    );
  });
});

