import type { OutputEvent } from '@dealerflow/contracts';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { creditWorker } from '../credit';
import { rebateWorker } from '../rebates';
import { stockWorker } from '../stock';
import { createEventBuilder } from '../testing';
import { createOutputScenario, dailyDigestData, dealerProfile, outputOf, stockAlertData } from './fixtures';
import { planNotifications, type NotificationPlan, type PlanContext } from './planNotifications';
import { defaultNotifyPolicy, notifyPolicySchema } from './policy';
import { initialNotifyState } from './state';

/** The review's score as the credit worker sends it (its figures: credit/score.unit.spec.ts). */
const reviewScore = {
  score: 78,
  grade: 'B' as const,
  components: [],
  figures: {
    onTimeRatio: 0.9,
    averageDaysToPay: 28.4,
    daysSalesOutstanding: 31,
    utilization: 1.1,
    utilizationLast30Days: 0.9,
    utilizationPrevious60Days: 0.85,
    utilizationTrend: 'steady' as const,
    orderValueLast30Days: 50_000,
    orderValuePrevious30DayAverage: 48_000,
    orderTrend: 'steady' as const,
    holdsLast90Days: 0,
  },
  suggestedLimit: { amount: 100_000, currentLimit: 100_000, monthlyOrderValue: 49_000, coverDays: 60, gradeFactor: 0.85, cappedBy: null, text: 'Suggested limit 100000.00.' },
};

const dealer = dealerProfile();
const ctx: PlanContext = { dealer, preferences: undefined, policy: defaultNotifyPolicy };
const plan = (outputs: OutputEvent[], context: Partial<PlanContext> = {}) =>
  planNotifications(initialNotifyState(), outputs, { ...ctx, ...context }).plans;
const routes = (plans: NotificationPlan[]) => plans.map((p) => `${p.audience}:${p.channel}`);

const ALL_DEALER = ['dealer:webhook', 'dealer:email', 'dealer:inApp'];

const explanation = { en: 'Order O-1 was promised for 1 April 2026; it is 2 days late so far.', 'zh-CN': '订单O-1承诺于2026年4月1日送达，已延迟2天。' };
const lateData = {
  orderId: 'O-1',
  status: 'in_transit' as const,
  promisedDeliveryDate: '2026-04-01',
  deliveredAt: null,
  daysLate: 2,
  causes: [{ code: 'carrier_delay' as const, days: 2, detail: {} }],
  explanation,
  causedBy: 'tick-1',
};
const holdFigures = {
  holdId: 'hold-D-1-1',
  reasons: [{ code: 'over_limit' as const, exposure: 112_000, creditLimit: 100_000, excess: 12_000 }],
  exposure: 112_000,
  creditLimit: 100_000,
  openReceivables: 80_000,
  openOrderValue: 32_000,
  creditBalance: 0,
  overdueAmount: 0,
  maxDaysPastDue: 0,
  causedBy: 'order-9',
};
const rebatePeriod = { programId: 'P-1', periodStart: '2026-04-01', periodEnd: '2026-06-30' };

/** One output of every kind a person hears, and who hears it under the RULES.md §5 table. */
const table: [string, OutputEvent, string[]][] = [
  ['critical stock-out', outputOf('stock.alert.raised', stockAlertData('A')), [...ALL_DEALER, 'ops:inApp']],
  // Issue 21: the dealer hears non-critical alerts in the stock worker's daily digest, not one by one.
  ['high low-stock', outputOf('stock.alert.raised', stockAlertData('A', { kind: 'low_stock', severity: 'high', onHand: 3 })), ['ops:inApp']],
  ['medium low-stock', outputOf('stock.alert.raised', stockAlertData('A', { kind: 'low_stock', severity: 'medium', onHand: 3 })), []],
  ['low overstock', outputOf('stock.alert.raised', stockAlertData('A', { kind: 'overstock', severity: 'low', onHand: 900 })), []],
  ['stock alert resolved', outputOf('stock.alert.resolved', stockAlertData('A')), []],
  ['delivery late', outputOf('delivery.late', lateData), [...ALL_DEALER, 'ops:inApp']],
  ['delivery late, final', outputOf('delivery.late', { ...lateData, status: 'delivered', deliveredAt: '2026-04-03T10:00:00Z' }), [...ALL_DEALER, 'ops:inApp']],
  ['delivery partial', outputOf('delivery.partial', { ...lateData, shortLines: [{ sku: 'A', ordered: 10, delivered: 6 }] }), [...ALL_DEALER, 'ops:inApp']],
  ['credit hold placed', outputOf('credit.hold.placed', holdFigures), ALL_DEALER],
  [
    'credit review requested',
    outputOf('credit.review.requested', {
      ...holdFigures,
      paymentBehaviour: { onTimeRatio: 0.9, averageDaysToPay: 28.4, largestDaysPastDue: 5, invoicesSettled: 10 },
      suggestedAction: { code: 'review_limit', text: 'Review the credit limit.' },
      score: reviewScore,
    }),
    ['finance:inApp'],
  ],
  ['credit hold released', outputOf('credit.hold.released', { holdId: 'hold-D-1-1', releasedBy: 'auto', reason: 'paid', causedBy: 'pay-1' }), [...ALL_DEALER, 'finance:inApp']],
  ['credit limit warning', outputOf('credit.limit.warning', { exposure: 92_000, creditLimit: 100_000, utilization: 0.92, warningUtilization: 0.9, causedBy: 'order-8' }), ['finance:inApp']],
  ['rebate tier reached', outputOf('rebate.tier.reached', { ...rebatePeriod, tierIndex: 1, threshold: 100, rate: 0.02, volume: 110, accruedAmount: 22, nextTier: null, causedBy: 'del-2' }), ALL_DEALER],
  [
    'rebate statement issued',
    outputOf('rebate.statement.issued', { ...rebatePeriod, volume: 110, qualifyingAmount: 1100, tierIndex: 1, rate: 0.02, rebateAmount: 22, status: 'payable', withheldReason: null, causedBy: 'tick-9' }),
    [...ALL_DEALER, 'finance:inApp'],
  ],
  ['cash discount earned', outputOf('cash.discount.earned', { invoiceId: 'INV-1', amount: 200, pct: 2, untilDate: '2026-04-10', causedBy: 'pay-2' }), ALL_DEALER],
  ['rebate accrued near the next tier', outputOf('rebate.accrued', { ...rebatePeriod, volume: 92, qualifyingAmount: 920, tierIndex: 0, rate: 0.01, accruedAmount: 9.2, nextTier: { threshold: 100, rate: 0.02, gap: 8 }, causedBy: 'del-1' }), ALL_DEALER],
  ['rebate accrued far from the next tier', outputOf('rebate.accrued', { ...rebatePeriod, volume: 60, qualifyingAmount: 600, tierIndex: 0, rate: 0.01, accruedAmount: 6, nextTier: { threshold: 100, rate: 0.02, gap: 40 }, causedBy: 'del-1' }), []],
  // Issue 21 (appended: cases below pick rows by index).
  ['daily stock digest', outputOf('stock.alerts.summarised', dailyDigestData()), ALL_DEALER],
];

describe('who hears what (RULES.md §5 defaults)', () => {
  it.each(table)('%s', (_, output, expected) => {
    expect(routes(plan([output]))).toEqual(expected);
  });

  it('reaches operations and finance by email too when their addresses are set, each in its own locale', () => {
    const policy = notifyPolicySchema.parse({ opsEmail: 'ops@maker.example', financeEmail: 'ar@maker.example', financeLocale: 'zh-CN' });
    const plans = plan([table[0]![1], table[11]![1]], { policy });
    expect(plans.filter((p) => p.audience !== 'dealer').map((p) => [p.audience, p.channel, p.address, p.locale])).toEqual([
      ['ops', 'email', 'ops@maker.example', 'en'],
      ['ops', 'inApp', null, 'en'],
      ['finance', 'email', 'ar@maker.example', 'zh-CN'],
      ['finance', 'inApp', null, 'zh-CN'],
    ]);
  });

  it('reaches the dealer only on the channels it has an address for, in-app always', () => {
    const noWebhook = dealerProfile({ contacts: { email: 'buyer@huadong.example' } });
    expect(routes(plan([table[5]![1]], { dealer: noWebhook }))).toEqual(['dealer:email', 'dealer:inApp', 'ops:inApp']);
    expect(routes(plan([table[5]![1]], { dealer: dealerProfile({ contacts: {} }) }))).toEqual(['dealer:inApp', 'ops:inApp']);
    const plans = plan([table[5]![1]]);
    expect(plans.map((p) => p.address)).toEqual(['https://hooks.huadong.example/dealerflow', 'buyer@huadong.example', null, null]);
  });

  it('leaves out a channel the notifier has off (email without SMTP), for every audience', () => {
    const policy = notifyPolicySchema.parse({ opsEmail: 'ops@maker.example' });
    const output = table[5]![1];
    expect(routes(plan([output], { policy, channels: ['webhook', 'inApp'] }))).toEqual(['dealer:webhook', 'dealer:inApp', 'ops:inApp']);
    expect(routes(plan([output], { policy }))).toEqual([...ALL_DEALER, 'ops:email', 'ops:inApp']);
  });

  it('follows the settings: an operator can route a kind to another audience', () => {
    const policy = notifyPolicySchema.parse({ audiences: { ops: { types: ['credit.hold.placed'] } } });
    expect(routes(plan([table[8]![1], table[5]![1]], { policy }))).toEqual([...ALL_DEALER, 'ops:inApp', ...ALL_DEALER]);
  });
});

describe('opt-outs', () => {
  it('opting out of one kind on one channel stops exactly that', () => {
    const preferences = { channels: { email: { 'delivery.late': false } } };
    const late = table[5]![1];
    const partial = table[7]![1];
    const plans = plan([late, partial], { preferences });
    expect(plans.map((p) => `${p.outputType}>${p.audience}:${p.channel}`)).toEqual([
      'delivery.late>dealer:webhook',
      'delivery.late>dealer:inApp',
      'delivery.late>ops:inApp',
      'delivery.partial>dealer:webhook',
      'delivery.partial>dealer:email',
      'delivery.partial>dealer:inApp',
      'delivery.partial>ops:inApp',
    ]);
  });
});

describe('quiet hours', () => {
  const eveningInShanghai = '2026-04-01T14:30:00.000Z'; // 22:30 local

  it('holds a non-critical dealer message until 08:00 local, and never holds staff', () => {
    const late = outputOf('delivery.late', lateData, { occurredAt: eveningInShanghai });
    const plans = plan([late]);
    expect(plans.map((p) => [p.audience, p.notBefore])).toEqual([
      ['dealer', '2026-04-02T00:00:00Z'],
      ['dealer', '2026-04-02T00:00:00Z'],
      ['dealer', '2026-04-02T00:00:00Z'],
      ['ops', null],
    ]);
  });

  it('never holds a critical message: a stock-out or a credit hold goes at once', () => {
    const stockout = outputOf('stock.alert.raised', stockAlertData('A'), { occurredAt: eveningInShanghai });
    const hold = outputOf('credit.hold.placed', holdFigures, { occurredAt: eveningInShanghai, eventId: 'out-hold' });
    expect(plan([stockout, hold]).map((p) => p.notBefore)).toEqual(Array(7).fill(null));
  });

  it('holds the daily stock digest, and uses the dealer timezone with its daylight saving time', () => {
    const digest = outputOf('stock.alerts.summarised', dailyDigestData(), {
      occurredAt: '2026-03-08T05:00:00.000Z', // 00:00 EST on 8 March in New York, the dealer's day start; 08:00 is EDT
    });
    const newYork = dealerProfile({ timezone: 'America/New_York' });
    expect(plan([digest], { dealer: newYork }).map((p) => p.notBefore)).toEqual([
      '2026-03-08T12:00:00Z',
      '2026-03-08T12:00:00Z',
      '2026-03-08T12:00:00Z',
    ]);
  });

  it("keeps a dealer without a zone of its own to the company's (calendar.timeZone), as the workers count its days", () => {
    const late = outputOf('delivery.late', lateData, { occurredAt: eveningInShanghai });
    const { timezone: _zone, ...withoutZone } = dealer;
    const dealerPlans = (context: Partial<PlanContext>) => plan([late], { dealer: withoutZone, ...context }).filter((p) => p.audience === 'dealer');
    // 22:30 in Shanghai: held until 08:00 there.
    expect(dealerPlans({ calendar: { timeZone: 'Asia/Shanghai' } }).map((p) => p.notBefore)).toEqual(Array(3).fill('2026-04-02T00:00:00Z'));
    // 14:30 in UTC, the company's zone by default: sent at once.
    expect(dealerPlans({}).map((p) => p.notBefore)).toEqual([null, null, null]);
    // The dealer's own zone wins over the company's: 03:30 on 2 April in Auckland (NZDT, +13), held until 08:00 there.
    const auckland = plan([late], { dealer: { ...dealer, timezone: 'Pacific/Auckland' }, calendar: { timeZone: 'Asia/Shanghai' } });
    expect(auckland.filter((p) => p.audience === 'dealer').map((p) => p.notBefore)).toEqual(Array(3).fill('2026-04-01T19:00:00Z'));
  });

  it('sends during the day, and not at all when quiet hours are switched off', () => {
    const noon = outputOf('delivery.late', lateData, { occurredAt: '2026-04-01T04:00:00.000Z' });
    expect(plan([noon]).map((p) => p.notBefore)).toEqual([null, null, null, null]);
    const policy = notifyPolicySchema.parse({ quietHours: { start: '00:00', end: '00:00' } });
    const late = outputOf('delivery.late', lateData, { occurredAt: eveningInShanghai });
    expect(plan([late], { policy }).map((p) => p.notBefore)).toEqual([null, null, null, null]);
  });
});

describe('digest: the alerts one stock report raises', () => {
  function stockStory(locale: 'en' | 'zh-CN') {
    const e = createEventBuilder();
    const scenario = createOutputScenario([stockWorker]);
    const profile = { name: 'Huadong Motors', tier: 'A' as const, region: 'East', locale, timezone: 'Asia/Shanghai', currency: 'CNY', creditLimit: 100_000, paymentTerms: { netDays: 30 }, contacts: { email: 'buyer@huadong.example' } };
    scenario.feed(e('dealer.upserted', '2026-04-01T00:00:00Z', profile));
    const skus = Array.from({ length: 30 }, (_, index) => `SKU-${String(index + 1).padStart(2, '0')}`);
    for (const sku of skus) scenario.feed(e('product.upserted', '2026-04-01T00:00:00Z', { sku, name: sku, category: 'parts', unitPrice: 10 }));
    // An opening count (the dealer's first review, summarised) before the report that empties the shelves.
    scenario.feed(e('dealer.stock.reported', '2026-04-01T00:30:00Z', { items: skus.map((sku) => ({ sku, onHand: 100 })) }));
    scenario.feed(e('dealer.sales.reported', '2026-04-01T01:00:00Z', { date: '2026-04-01', items: skus.map((sku) => ({ sku, qty: 28 })) }));
    const outputs = scenario.feed(e('dealer.stock.reported', '2026-04-01T02:00:00Z', { items: skus.map((sku) => ({ sku, onHand: 0 })) }, { eventId: 'report-1' }));
    // ADS 28 ÷ 28 = 1 a day; lead 7 + safety 3 + review 7 days: 17 units suggested for each SKU. Each
    // empty shelf is a critical stock-out (nothing on its way), and no low stock beside it (none was open
    // before: docs/stock.md).
    return { outputs, dealer: dealerProfile(profile) };
  }

  it('makes one message per audience and channel listing all thirty alerts', () => {
    const { outputs, dealer: profile } = stockStory('en');
    expect(outputs.filter((o) => o.type === 'stock.alert.raised')).toHaveLength(30);
    const stockouts = outputs.filter((o) => o.type === 'stock.alert.raised' && o.data.kind === 'stockout');
    const plans = plan(outputs, { dealer: profile });
    expect(routes(plans)).toEqual(['dealer:email', 'dealer:inApp', 'ops:inApp']);
    // The dealer hears the critical ones now; operations hear critical and high.
    for (const p of plans.slice(0, 2)) expect(p.outputEventIds).toEqual(stockouts.map((o) => o.eventId));
    expect(plans[2]!.outputEventIds).toHaveLength(30);
    const email = plans[0]!;
    expect(email.title).toBe('Stock alerts: 30 SKUs need attention');
    const lines = email.body.split('\n');
    expect(lines[0]).toBe('The latest stock figures raised 30 alerts:');
    expect(lines.filter((line) => line.startsWith('- '))).toHaveLength(30);
    expect(lines[2]).toBe('- SKU-01: out of stock, 0 units in stock; suggested order 17 units');
    expect(lines.at(-1)).toBe('Suggested orders total 510 units.');
    expect(email.html).toContain('<li>SKU-30: out of stock, 0 units in stock; suggested order 17 units</li>');
    expect(plans[2]!.title).toBe('Huadong Motors (D-1): Stock alerts: 30 SKUs need attention');
  });

  it('writes the digest in Chinese for a Chinese-speaking dealer', () => {
    const { outputs, dealer: profile } = stockStory('zh-CN');
    const [email] = plan(outputs, { dealer: profile });
    expect(email?.title).toBe('库存预警：30个SKU需要关注');
    expect(email?.body.split('\n').slice(0, 3)).toEqual(['最新库存数据触发了30条预警：', '', '- SKU-01：缺货，现有库存0件，建议订购17件']);
    expect(email?.body.endsWith('建议订购合计510件。')).toBe(true);
  });

  it('lists at most the configured number of alerts and counts the rest', () => {
    const { outputs, dealer: profile } = stockStory('en');
    const policy = notifyPolicySchema.parse({ digest: { maxListed: 5 } });
    const [email] = plan(outputs, { dealer: profile, policy });
    const items = email!.body.split('\n').filter((line) => line.startsWith('- '));
    expect(items).toHaveLength(6);
    expect(items.at(-1)).toBe('- and 25 more');
  });

  it('keeps alerts of different reports apart, and a single alert a plain message', () => {
    const a = outputOf('stock.alert.raised', stockAlertData('A', { causedBy: 'report-1' }), { eventId: 'out-a' });
    const b = outputOf('stock.alert.raised', stockAlertData('B', { causedBy: 'report-2' }), { eventId: 'out-b' });
    const plans = plan([a, b], { dealer: dealerProfile({ contacts: {} }) });
    expect(plans.map((p) => [p.audience, p.outputEventIds, p.title])).toEqual([
      ['dealer', ['out-a'], 'Out of stock: A'],
      ['ops', ['out-a'], 'Huadong Motors (D-1): Out of stock: A'],
      ['dealer', ['out-b'], 'Out of stock: B'],
      ['ops', ['out-b'], 'Huadong Motors (D-1): Out of stock: B'],
    ]);
    expect(plans[0]!.body).toBe(
      'A is out of stock; it sells about 2.5 units a day.\n\n0 units in transit and 0 units on order; the reorder point is 25 units.\n\nNothing is on its way.\n\nSuggested order: 40 units.',
    );
  });

  it('digests per channel after opt-outs: an alert switched off on a channel leaves that channel a plain message', () => {
    const a = outputOf('stock.alert.raised', stockAlertData('A'), { eventId: 'out-a' });
    const b = outputOf('stock.alert.raised', stockAlertData('B', { kind: 'low_stock', severity: 'medium', onHand: 2 }), { eventId: 'out-b' });
    // b is medium: the dealer does not hear it (it comes in the daily digest), so the dealer's message is A alone.
    expect(plan([a, b], { dealer: dealerProfile({ contacts: {} }) }).map((p) => p.outputEventIds)).toEqual([['out-a'], ['out-a']]);
  });

  it('a positive digest window also groups alerts of different reports close in time', () => {
    const policy = notifyPolicySchema.parse({ digest: { windowMinutes: 60 } });
    const a = outputOf('stock.alert.raised', stockAlertData('A', { causedBy: 'report-1' }), { eventId: 'out-a', occurredAt: '2026-04-01T04:05:00.000Z' });
    const b = outputOf('stock.alert.raised', stockAlertData('B', { causedBy: 'report-2' }), { eventId: 'out-b', occurredAt: '2026-04-01T04:50:00.000Z' });
    const c = outputOf('stock.alert.raised', stockAlertData('C', { causedBy: 'report-3' }), { eventId: 'out-c', occurredAt: '2026-04-01T05:10:00.000Z' });
    const plans = plan([a, b, c], { dealer: dealerProfile({ contacts: {} }), policy });
    expect(plans.filter((p) => p.audience === 'dealer').map((p) => p.outputEventIds)).toEqual([['out-a', 'out-b'], ['out-c']]);
  });
});

describe('credit holds through the credit worker', () => {
  it('tells the dealer courteously and gives finance the review with figures and suggested action', () => {
    const e = createEventBuilder();
    const scenario = createOutputScenario([creditWorker]);
    const profile = { name: 'Huadong Motors', tier: 'A' as const, region: 'East', locale: 'zh-CN' as const, timezone: 'Asia/Shanghai', currency: 'CNY', creditLimit: 1000, paymentTerms: { netDays: 30 }, contacts: { email: 'buyer@huadong.example' } };
    scenario.feed(e('dealer.upserted', '2026-04-01T00:00:00Z', profile));
    const outputs = scenario.feed(
      e('order.placed', '2026-04-01T15:00:00Z', { orderId: 'O-1', warehouseId: 'W-1', lines: [{ sku: 'A', qty: 120, unitPrice: 10 }], promisedDeliveryDate: '2026-04-20' }),
    );
    expect(outputs.map((o) => o.type)).toEqual(['credit.limit.warning', 'credit.hold.placed', 'credit.review.requested']);
    const plans = plan(outputs, { dealer: dealerProfile(profile) });
    expect(plans.map((p) => `${p.outputType}>${p.audience}:${p.channel}:${p.locale}`)).toEqual([
      'credit.limit.warning>finance:inApp:en',
      'credit.hold.placed>dealer:email:zh-CN',
      'credit.hold.placed>dealer:inApp:zh-CN',
      'credit.review.requested>finance:inApp:en',
    ]);
    const notice = plans[1]!;
    expect(notice.notBefore).toBeNull(); // 23:00 in Shanghai, but a hold is critical
    expect(notice.title).toBe('您的账户已被暂时信用冻结');
    expect(notice.body).toBe(
      '尊敬的Huadong Motors：由于您的未结余额1,200.00元已超出信用额度1,000.00元，我们已暂时对您的账户实施信用冻结。\n\n' +
        '冻结期间，新订单将暂停发货。\n\n' +
        '请尽快安排付款或联系您的客户经理。如您已付款，谢谢，并请忽略此通知。',
    );
    const review = plans[3]!;
    expect(review.title).toBe('Huadong Motors (D-1): Credit review: hold-D-1-1');
    expect(review.body).toBe(
      'Dealer Huadong Motors (D-1), tier A, East.\n\n' +
        'hold-D-1-1 was placed because exposure CNY 1,200.00 is CNY 200.00 over the credit limit of CNY 1,000.00.\n\n' +
        'Exposure CNY 1,200.00 against a limit of CNY 1,000.00: open receivables CNY 0.00, open orders CNY 1,200.00, credit balance CNY 0.00.\n\n' +
        'Nothing is overdue.\n\n' +
        'No invoice was settled in the last 12 months to judge payment by.\n\n' +
        'Suggested action: Review the credit limit: exposure 1200.00 is 200.00 over the limit of 1000.00 (20%).',
    );
  });
});

describe('texts in both languages', () => {
  const en = dealerProfile({ contacts: {} });
  const zh = dealerProfile({ contacts: {}, locale: 'zh-CN' });
  const dealerText = (output: OutputEvent, profile = en) => {
    const [p] = plan([output], { dealer: profile });
    return { title: p!.title, body: p!.body };
  };

  it('a late delivery reuses the explanation the delivery worker wrote, in the dealer language', () => {
    expect(dealerText(table[5]![1])).toEqual({ title: 'Order O-1 is 2 days late', body: explanation.en });
    expect(dealerText(table[5]![1], zh)).toEqual({ title: '订单O-1已延迟2天', body: explanation['zh-CN'] });
    expect(dealerText(table[6]![1]).title).toBe('Order O-1 arrived 2 days late');
    expect(dealerText(table[7]![1], zh).title).toBe('订单O-1到货不足');
  });

  it('a late order whose remainder was cancelled is told as closed, not as still late', () => {
    const closed = outputOf('delivery.late', { ...lateData, status: 'remainder_cancelled', deliveredAt: '2026-04-03T10:00:00Z' });
    expect(dealerText(closed).title).toBe('Order O-1 is closed: the rest was cancelled');
    expect(dealerText(closed, zh).title).toBe('订单O-1已结单：其余货物已取消');
  });

  it('the near-tier notice', () => {
    const near = table[15]![1];
    const programs = { 'P-1': { name: 'Q2 volume rebate', basis: 'quantity' as const } };
    const [enPlan] = plan([near], { dealer: en, programs });
    expect(enPlan?.title).toBe('Almost at tier 2 of Q2 volume rebate');
    expect(enPlan?.body).toBe(
      'Your volume of 92 units is 8 units short of tier 2 (from 100 units), which would raise your rebate from 1% to 2%. The period ends on 30 June 2026.',
    );
    const [zhPlan] = plan([near], { dealer: zh, programs });
    expect(zhPlan?.title).toBe('即将达到Q2 volume rebate第2档');
    expect(zhPlan?.body).toBe('您的累计量92件距第2档（起点100件）仅差8件，达到后返利比例将从1%提高至2%。本期截止日期为2026年6月30日。');
  });

  it('a cash discount and a withheld statement', () => {
    expect(dealerText(table[14]![1])).toEqual({
      title: 'Cash discount earned on invoice INV-1',
      body: 'Thank you for paying invoice INV-1 by 10 April 2026: you earned a cash discount of CNY 200.00 (2%), which settles the rest of the invoice.',
    });
    expect(dealerText(table[14]![1], zh)).toEqual({
      title: '发票INV-1已获得现金折扣',
      body: '感谢您在2026年4月10日前支付发票INV-1：您获得了200.00元的现金折扣（2%），发票余额已全部结清。',
    });
    const withheld = outputOf('rebate.statement.issued', {
      ...rebatePeriod,
      volume: 110,
      qualifyingAmount: 1100,
      tierIndex: 1,
      rate: 0.02,
      rebateAmount: 22,
      status: 'withheld',
      withheldReason: 'past_due: when the period closed, invoice INV-7 was 75 days past due, more than the 60 days the program allows',
      causedBy: 'tick-9',
    });
    expect(dealerText(withheld).body).toBe(
      'Qualifying volume 110 (CNY 1,100.00 of qualifying sales) earns a rebate of CNY 22.00 at 2%.\n\n' +
        'The rebate is withheld: when the period closed, invoice INV-7 was 75 days past due, more than the 60 days the program allows.',
    );
    expect(dealerText(withheld, zh)).toEqual({
      title: '返利结算单：P-1（2026年4月1日至2026年6月30日）',
      body: '合格累计量110（合格销售额1,100.00元），按2%计算返利22.00元。\n\n该返利暂缓支付：结算时有发票逾期超过本计划允许的天数。',
    });
  });

  it('a release, for the dealer and for finance', () => {
    const release = outputOf('credit.hold.released', { holdId: 'hold-D-1-1', releasedBy: 'finance', reason: 'customer promised payment', overrideUntil: '2026-04-30', causedBy: 'dec-1' });
    const plans = plan([release], { dealer: en });
    expect(plans.map((p) => [p.audience, p.title, p.body])).toEqual([
      ['dealer', 'Your credit hold has been lifted', 'Dear Huadong Motors, the credit hold on your account has been lifted and your orders are shipping again. Thank you for your cooperation.'],
      [
        'finance',
        'Huadong Motors (D-1): Credit hold hold-D-1-1 released',
        'Dealer Huadong Motors (D-1), tier A, East.\n\nReleased by finance: customer promised payment.\n\nThe override lasts until 30 April 2026.',
      ],
    ]);
    expect(plan([release], { dealer: zh })[0]?.body).toBe('尊敬的Huadong Motors：您账户的信用冻结已解除，订单将恢复发货。感谢您的配合。');
  });

  it('escapes the HTML part', () => {
    const manual = outputOf('credit.review.requested', {
      ...holdFigures,
      reasons: [{ code: 'manual', note: 'check <script> & "terms"', decidedBy: 'Li Wei' }],
      paymentBehaviour: { onTimeRatio: 0.75, averageDaysToPay: 33.6, largestDaysPastDue: 12, invoicesSettled: 8 },
      suggestedAction: { code: 'keep_hold', text: 'Keep the hold.' },
      score: reviewScore,
    });
    const [review] = plan([manual]);
    expect(review?.body).toContain('hold-D-1-1 was placed because Li Wei placed a manual hold: "check <script> & "terms"".');
    expect(review?.body).toContain('Last 12 months: 75% of 8 invoices paid on time, 34 days to pay on average, at most 12 days past due.');
    expect(review?.html).toContain('<p>hold-D-1-1 was placed because Li Wei placed a manual hold: &quot;check &lt;script&gt; &amp; &quot;terms&quot;&quot;.</p>');
    expect(review?.html.startsWith('<!DOCTYPE html>\n<html lang="en">\n<body>\n<h1>Huadong Motors (D-1): Credit review: hold-D-1-1</h1>')).toBe(true);
  });
});

describe('rebate accrued near the next tier: once per tier', () => {
  it('tells the dealer once when the gap falls within 10 % of the next threshold, then again for the next tier', () => {
    const e = createEventBuilder();
    const scenario = createOutputScenario([rebateWorker]);
    const profile = { name: 'Huadong Motors', tier: 'B' as const, region: 'East', locale: 'en' as const, currency: 'CNY', creditLimit: 100_000, paymentTerms: { netDays: 30 } };
    scenario.feed(
      e('dealer.upserted', '2026-03-01T08:00:00Z', profile),
      e('rebate.program.upserted', '2026-03-15T08:00:00Z', {
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
          { threshold: 200, rate: 0.03 },
        ],
      }),
      e('order.placed', '2026-04-01T09:00:00Z', { orderId: 'O-1', warehouseId: 'W-1', lines: [{ sku: 'A', qty: 300, unitPrice: 10 }], promisedDeliveryDate: '2026-06-30' }),
    );
    let state = initialNotifyState();
    const told: string[][] = [];
    const deliveries = [85, 6, 2, 60, 30, 5];
    deliveries.forEach((qty, index) => {
      const outputs = scenario.feed(e('shipment.delivered', `2026-04-${String(index + 2).padStart(2, '0')}T03:00:00Z`, { shipmentId: `S-${index}`, orderId: 'O-1', lines: [{ sku: 'A', qty }] }));
      const result = planNotifications(state, outputs, { dealer: dealerProfile({ ...profile, contacts: {} }), preferences: undefined, policy: defaultNotifyPolicy });
      state = result.state;
      told.push(result.plans.filter((p) => p.outputType === 'rebate.accrued').map((p) => p.title));
    });
    // Volumes 85 (gap 15 > 10), 91 (gap 9: told), 93 (already told), 153 (gap 47 > 20), 183 (gap 17: told), 188 (already told).
    expect(told).toEqual([
      [],
      ['Almost at tier 2 of P-1'],
      [],
      [],
      ['Almost at tier 3 of P-1'],
      [],
    ]);
    expect(state).toEqual({ nearTiersTold: { 'P-1|2026-04-01|': [100, 200] } });
  });

  it('does not change the state it is given', () => {
    const near = table[15]![1];
    const state = initialNotifyState();
    const first = planNotifications(state, [near], ctx);
    expect(state).toEqual({ nearTiersTold: {} });
    expect(first.plans).toHaveLength(3);
    expect(planNotifications(first.state, [near], ctx).plans).toEqual([]);
  });

  it('remembers a tier told even when the dealer opted out of the kind everywhere', () => {
    const near = table[15]![1];
    const preferences = { channels: { webhook: { 'rebate.accrued': false }, email: { 'rebate.accrued': false }, inApp: { 'rebate.accrued': false } } };
    const result = planNotifications(initialNotifyState(), [near], { ...ctx, preferences });
    expect(result.plans).toEqual([]);
    expect(result.state.nearTiersTold).toEqual({ 'P-1|2026-04-01|': [100] });
  });
});

describe('ids', () => {
  it('are deterministic: from the output id, audience and channel, the same on every run', () => {
    const late = table[5]![1];
    const first = plan([late]);
    const again = plan([late]);
    expect(first.map((p) => p.notificationId)).toEqual(again.map((p) => p.notificationId));
    expect(first[0]?.notificationId).toMatch(/^ntf-[0-9a-f]{32}$/);
    expect(first.every((p) => p.idempotencyKey === p.notificationId)).toBe(true);
    expect(new Set(first.map((p) => p.notificationId)).size).toBe(4);
    const other = plan([outputOf('delivery.late', lateData, { eventId: 'out-other' })]);
    expect(other[0]?.notificationId).not.toBe(first[0]?.notificationId);
  });

  it('a repeated output in a batch is planned once', () => {
    const late = table[5]![1];
    expect(plan([late, late])).toHaveLength(4);
  });
});

describe('properties', () => {
  const stockOutput = fc
    .record({
      sku: fc.constantFrom('A', 'B', 'C', 'D'),
      severity: fc.constantFrom('critical' as const, 'high' as const, 'medium' as const, 'low' as const),
      cause: fc.constantFrom('r-1', 'r-2'),
      id: fc.integer({ min: 1, max: 12 }),
      minute: fc.integer({ min: 0, max: 1439 }),
    })
    .map(({ sku, severity, cause, id, minute }) =>
      outputOf('stock.alert.raised', stockAlertData(sku, { severity, causedBy: cause }), {
        eventId: `out-${id}`,
        occurredAt: new Date(Date.UTC(2026, 3, 1, 0, minute)).toISOString(),
      }),
    );
  const anyOutput = fc.oneof(stockOutput, fc.constantFrom(...table.map(([, output]) => output)));
  const preferences = fc.record({
    channels: fc.record(
      {
        webhook: fc.dictionary(fc.constantFrom('stock.alert.raised', 'delivery.late', 'rebate.accrued'), fc.boolean()),
        email: fc.dictionary(fc.constantFrom('stock.alert.raised', 'credit.hold.placed'), fc.boolean()),
        inApp: fc.dictionary(fc.constantFrom('stock.alert.raised', 'delivery.partial'), fc.boolean()),
      },
      { requiredKeys: [] },
    ),
  });
  const locale = fc.constantFrom('en' as const, 'zh-CN' as const);

  it('plans are a pure function of their input, and no two share an idempotency key', () => {
    fc.assert(
      fc.property(fc.array(anyOutput, { maxLength: 25 }), preferences, locale, (outputs, prefs, dealerLocale) => {
        const context: PlanContext = { dealer: dealerProfile({ locale: dealerLocale }), preferences: prefs, policy: defaultNotifyPolicy };
        const snapshot = JSON.stringify(outputs);
        const first = planNotifications(initialNotifyState(), outputs, context);
        const second = planNotifications(initialNotifyState(), structuredClone(outputs), structuredClone(context));
        expect(second).toEqual(first);
        expect(JSON.stringify(outputs)).toBe(snapshot);
        const keys = first.plans.map((p) => p.idempotencyKey);
        expect(new Set(keys).size).toBe(keys.length);
      }),
    );
  });

  it('every output a plan covers is planned on that audience and channel once only', () => {
    fc.assert(
      fc.property(fc.array(anyOutput, { maxLength: 25 }), preferences, (outputs, prefs) => {
        const { plans } = planNotifications(initialNotifyState(), outputs, { ...ctx, preferences: prefs });
        const covered = plans.flatMap((p) => p.outputEventIds.map((id) => `${id}|${p.audience}|${p.channel}`));
        expect(new Set(covered).size).toBe(covered.length);
      }),
    );
  });
});
