import type { OutputEvent } from '@dealerflow/contracts';
import { describe, expect, it } from 'vitest';
import { dealerProfile, outputOf } from './fixtures';
import { planNotifications, type PlanContext } from './planNotifications';
import { defaultNotifyPolicy } from './policy';
import { initialNotifyState } from './state';

/** Issue 21: what a dealer and finance are told about a settled statement and a rebate adjustment. */

const programs = { 'P-1': { name: 'Q2 volume rebate', basis: 'quantity' as const } };
const period = { programId: 'P-1', periodStart: '2026-04-01', periodEnd: '2026-06-30' };
const figures = { volume: 150, qualifyingAmount: 15_000, tierIndex: 1, rate: 0.02, rebateAmount: 300 };

function plans(output: OutputEvent, locale: 'en' | 'zh-CN' = 'en') {
  const ctx: PlanContext = { dealer: dealerProfile({ locale }), preferences: undefined, policy: defaultNotifyPolicy, programs };
  return planNotifications(initialNotifyState(), [output], ctx).plans;
}
const dealerBody = (output: OutputEvent, locale: 'en' | 'zh-CN' = 'en') => plans(output, locale).find((p) => p.audience === 'dealer' && p.channel === 'email');

describe('rebate settlement and adjustment texts', () => {
  const offset = outputOf('rebate.statement.issued', {
    ...period,
    ...figures,
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
    causedBy: 'tick-1',
  });

  it('a statement offset against overdue invoices says how much, against which, and what is payable', () => {
    expect(dealerBody(offset)?.body).toBe(
      'Qualifying volume 150 units (CNY 15,000.00 of qualifying sales) earns a rebate of CNY 300.00 at 2%.\n\nCNY 200.50 of it is set against your overdue invoices (INV-1 and INV-2); CNY 99.50 is payable.',
    );
    expect(dealerBody(offset, 'zh-CN')?.body).toContain('其中200.50元已冲抵您的逾期发票（INV-1和INV-2），其余99.50元可予支付。');
  });

  it('a statement withheld for overdue invoices says so in each language', () => {
    const withheld = outputOf('rebate.statement.issued', {
      ...period,
      ...figures,
      status: 'withheld',
      withheldReason: 'overdue: when the period closed, invoice INV-1 was 31 days past due; the rebate waits until they are paid',
      settlement: { policy: 'withhold', payableAmount: 0, offsetAmount: 0, offsets: [], withheldAmount: 300 },
      causedBy: 'tick-1',
    });
    expect(dealerBody(withheld)?.body).toContain(
      'The rebate is withheld while invoices are overdue: when the period closed, invoice INV-1 was 31 days past due; the rebate waits until they are paid.',
    );
    expect(dealerBody(withheld, 'zh-CN')?.body).toContain('该返利暂缓支付：结算时有发票逾期，逾期款项付清后再予支付。');
  });

  it('an adjustment for a return tells the dealer and finance the new figures and what is owed back', () => {
    const returned = outputOf('rebate.adjustment.issued', {
      ...period,
      reason: 'return',
      documentId: 'CN-1',
      previousVolume: 150,
      previousQualifyingAmount: 15_000,
      previousRebateAmount: 300,
      volume: 90,
      qualifyingAmount: 9_000,
      tierIndex: 0,
      rate: 0.01,
      rebateAmount: 90,
      adjustmentAmount: -210,
      status: 'payable',
      withheldReason: null,
      settlement: { policy: 'offset', payableAmount: -210, offsetAmount: 0, offsets: [], withheldAmount: 0 },
      causedBy: 'CN-1',
    });
    expect(new Set(plans(returned).map((p) => p.audience))).toEqual(new Set(['dealer', 'finance']));
    const en = dealerBody(returned);
    expect(en?.title).toBe('Rebate adjustment: Q2 volume rebate, 1 April 2026 to 30 June 2026');
    expect(en?.body).toBe(
      'Goods returned under credit note CN-1 come off this period: qualifying volume is now 90 units (was 150 units) and the rebate CNY 90.00 (was CNY 300.00).\n\nThe difference of CNY 210.00 is owed back by you.',
    );
    expect(dealerBody(returned, 'zh-CN')?.body).toContain('差额210.00元需由您退还。');
  });

  it('a tier suggestion goes to operations, with the figures, in their language', () => {
    const suggested = outputOf('dealer.tier.suggested', {
      month: '2026-03',
      windowMonths: 12,
      currentTier: 'B',
      suggestedTier: 'A',
      sales: 500_000,
      currency: 'CNY',
      rank: 1,
      dealerCount: 4,
      share: 0.555556,
      cumulativeShare: 0.555556,
      totalSales: 900_000,
      classShares: { A: 0.8, B: 0.95 },
      causedBy: 'totals-1',
    });
    const sent = plans(suggested);
    expect(new Set(sent.map((p) => p.audience))).toEqual(new Set(['ops']));
    expect(sent[0]?.title).toBe('Huadong Motors (D-1): Tier A suggested (now B)');
    expect(sent[0]?.body).toContain(
      'By sales over the 12 months to 2026-03 (CNY 500,000.00), the dealer ranks 1 of 4: 55.56% of all sales, 55.56% together with the dealers ranked above it. The 80/20 rule puts it in class A (A up to 80% of sales, B up to 95%).',
    );
  });
});
