import { describe, expect, it } from 'vitest';
import { dailyDigestData, dealerProfile, outputOf, stockAlertData } from './fixtures';
import { planNotifications, type PlanContext } from './planNotifications';
import { defaultNotifyPolicy } from './policy';
import { initialNotifyState } from './state';

/*
 * Issue 21: what a dealer is told of its stock alerts. Each case failed on the texts and routing
 * before the issue (the dealer heard every high alert one by one; a stock-out with nothing to order
 * said "no order is needed" and nothing of what was coming).
 */

const shanghai = dealerProfile({ timezone: 'Asia/Shanghai', contacts: {} });
const ctx: PlanContext = { dealer: shanghai, preferences: undefined, policy: defaultNotifyPolicy };
const plan = (outputs: Parameters<typeof planNotifications>[1], dealer = shanghai) =>
  planNotifications(initialNotifyState(), outputs, { ...ctx, dealer }).plans;

const arriving = stockAlertData('PMP-100', {
  severity: 'high',
  onHand: 0,
  onOrder: 40,
  suggestedOrderQty: 0,
  projectedStockoutDate: '2026-04-22',
  arrivals: [{ source: 'on_order', ref: 'SO-1', qty: 40, expectedDate: '2026-04-24' }],
});

describe('issue 21 — a stock-out never says "order nothing" without saying what arrives when', () => {
  it('lists the arrivals with their dates, in English', () => {
    const [ops] = plan([outputOf('stock.alert.raised', arriving)]);
    expect(ops!.audience).toBe('ops');
    expect(ops!.body).toContain('On its way: 40 units due 24 April 2026 (SO-1).\n\nNo order is needed for now.');
  });

  it('and in Chinese', () => {
    const zh = dealerProfile({ locale: 'zh-CN', timezone: 'Asia/Shanghai', contacts: {} });
    const critical = stockAlertData('PMP-100', { ...arriving, severity: 'critical' });
    const [dealer] = plan([outputOf('stock.alert.raised', critical)], zh);
    expect(dealer!.body).toContain('在途及已订购：2026年4月24日到货40件（SO-1）。\n\n目前无需补货。');
  });

  it('says when nothing is on its way', () => {
    const [dealer] = plan([outputOf('stock.alert.raised', stockAlertData('A', { arrivals: [] }))]);
    expect(dealer!.body).toContain('Nothing is on its way.');
  });
});

describe('issue 21 — non-critical alerts reach the dealer as one daily digest', () => {
  it('does not send a high or medium alert to the dealer one by one', () => {
    const high = outputOf('stock.alert.raised', stockAlertData('A', { kind: 'low_stock', severity: 'high', onHand: 3 }));
    expect(plan([high]).map((p) => p.audience)).toEqual(['ops']);
  });

  it('sends the digest as one message, held until the morning of the dealer’s day', () => {
    // The stock worker issues it at the dealer's midnight (16:00 UTC for Shanghai).
    const digest = outputOf('stock.alerts.summarised', dailyDigestData(), { occurredAt: '2026-04-01T16:00:00.000Z' });
    const plans = plan([digest]);
    expect(plans.map((p) => `${p.audience}:${p.channel} ${p.notBefore}`)).toEqual(['dealer:inApp 2026-04-02T00:00:00Z']);
    expect(plans[0]!.title).toBe('Stock digest for 2 April 2026: 2 open alerts');
    expect(plans[0]!.body.split('\n')).toEqual([
      '1 new or changed since the last digest. Acknowledge or snooze an alert to leave it out of the next digests.',
      '',
      '- A: running low, 6 units in stock; suggested order 40 units; on its way: 12 units due 3 April 2026 (SH-7) (new)',
      '- B: overstocked, 400 units in stock; no order needed',
      '',
      'Suggested orders total 40 units.',
    ]);
  });

  it('writes the digest in Chinese for a Chinese-speaking dealer', () => {
    const zh = dealerProfile({ locale: 'zh-CN', timezone: 'Asia/Shanghai', contacts: {} });
    const [dealer] = plan([outputOf('stock.alerts.summarised', dailyDigestData())], zh);
    expect(dealer!.title).toBe('2026年4月2日库存日报：2条未处理预警');
    expect(dealer!.body).toContain('- A：库存偏低，现有库存6件，建议订购40件；在途及已订购：2026年4月3日到货12件（SH-7）（新增）');
  });

  it('sends an opening summary that opens a critical stock-out at once', () => {
    const { causedBy: _causedBy, ...stockout } = stockAlertData('A', { arrivals: [] });
    const opening = outputOf(
      'stock.alerts.summarised',
      {
        summaryId: 'D-1/opening/2026-04-01',
        reason: 'opening',
        date: '2026-04-01',
        counts: { stockout: 1, low_stock: 0, overstock: 0 },
        alerts: [{ ...stockout, status: 'new' }],
        causedBy: 'sales-1',
      },
      { occurredAt: '2026-04-01T15:00:00.000Z' }, // 23:00 in Shanghai: quiet hours
    );
    const [dealer] = plan([opening]);
    expect(dealer).toMatchObject({ title: 'First stock review: 1 alerts', notBefore: null });
  });
});
