import { describe, expect, it } from 'vitest';
import { createEventBuilder, createScenario } from '../testing';
import type { DeliveryState } from './state';
import { deliveryWorker } from './worker';

/*
 * Issue 21: late-delivery explanations that blame the right cause. Each scenario is built from
 * events and was written against the old rules first (where it failed), then the rules changed.
 */

const e = createEventBuilder();
const TWO_LINES = [
  { sku: 'SKU-A', qty: 10, unitPrice: 100 },
  { sku: 'SKU-B', qty: 10, unitPrice: 100 },
];

function dealer(at: string) {
  return e('dealer.upserted', at, {
    name: 'Harbour Tools',
    tier: 'B',
    region: 'East',
    locale: 'en',
    currency: 'CNY',
    creditLimit: 1_000_000,
    paymentTerms: { netDays: 30 },
  });
}

function placed(at: string, orderId: string, promisedDeliveryDate: string, lines = [{ sku: 'SKU-A', qty: 10, unitPrice: 100 }]) {
  return e('order.placed', at, { orderId, warehouseId: 'W1', lines, promisedDeliveryDate });
}

function dispatched(at: string, shipmentId: string, orderId: string, estimatedArrivalDate: string, lines = [{ sku: 'SKU-A', qty: 10 }]) {
  return e('shipment.dispatched', at, { shipmentId, orderId, warehouseId: 'W1', carrier: 'FastFreight', lines, estimatedArrivalDate });
}

function delivered(at: string, shipmentId: string, orderId: string, lines = [{ sku: 'SKU-A', qty: 10 }]) {
  return e('shipment.delivered', at, { shipmentId, orderId, lines });
}

function stock(at: string, items: Record<string, number>) {
  return e('warehouse.stock.reported', at, { warehouseId: 'W1', items: Object.entries(items).map(([sku, available]) => ({ sku, available })) });
}

function hold(at: string) {
  return e('credit.decision.recorded', at, { decision: 'hold', decidedBy: 'finance.li', note: 'disputed invoice' });
}

function release(at: string) {
  return e('credit.decision.recorded', at, { decision: 'release', decidedBy: 'finance.li' });
}

function holidays(at: string, dates: string[], warehouseIds: '*' | string[] = '*') {
  return e('calendar.holidays.published', at, {
    calendarId: 'CN-2026',
    warehouseIds,
    holidays: dates.map((date) => ({ date, name: 'Spring Festival' })),
  });
}

function scenario(policy: Partial<typeof deliveryWorker.defaultPolicy> = {}) {
  return createScenario({ workers: [deliveryWorker], policies: { delivery: { ...deliveryWorker.defaultPolicy, ...policy } } });
}

function figures(data: { status: string; daysLate: number; causes: { code: string; days: number }[] }) {
  return { status: data.status, daysLate: data.daysLate, causes: data.causes.map((cause) => [cause.code, cause.days]) };
}

describe('a credit hold counts only for the days it blocked dispatch of the order', () => {
  it('a hold during which part of the order shipped blocked nothing; the SKU that waited was short at the warehouse', () => {
    // SO-0002254's story: on hold 2–6 April, yet SKU-A left on 3 April; SKU-B read 0 until 6 April.
    const s = scenario();
    s.feed(
      stock('2026-04-01T06:00:00Z', { 'SKU-A': 50, 'SKU-B': 0 }),
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-05', TWO_LINES),
      hold('2026-04-02T10:00:00Z'),
      dispatched('2026-04-03T09:00:00Z', 'S-1', 'PO-1', '2026-04-05', [{ sku: 'SKU-A', qty: 10 }]),
      delivered('2026-04-05T09:00:00Z', 'S-1', 'PO-1', [{ sku: 'SKU-A', qty: 10 }]),
      release('2026-04-06T10:00:00Z'),
      stock('2026-04-06T12:00:00Z', { 'SKU-A': 40, 'SKU-B': 30 }),
      dispatched('2026-04-07T09:00:00Z', 'S-2', 'PO-1', '2026-04-09', [{ sku: 'SKU-B', qty: 10 }]),
      delivered('2026-04-09T09:00:00Z', 'S-2', 'PO-1', [{ sku: 'SKU-B', qty: 10 }]),
    );
    const final = s.outputsOf('delivery.late').at(-1)!;
    // 9 − 5 = 4 days late: SKU-B short 2–6 April (5 days) takes all 4; the hold takes none.
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 4, causes: [['backorder', 4]] });
    expect(final.explanation.en).not.toContain('credit hold');
  });

  it('days the SKU read 0 at the warehouse are backorder, not hold, even with nothing shipped', () => {
    const s = scenario();
    s.feed(
      stock('2026-04-01T06:00:00Z', { 'SKU-A': 0 }),
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-06'),
      hold('2026-04-02T10:00:00Z'),
      release('2026-04-05T10:00:00Z'),
      stock('2026-04-06T12:00:00Z', { 'SKU-A': 30 }),
      dispatched('2026-04-07T09:00:00Z', 'S-1', 'PO-1', '2026-04-09'),
      delivered('2026-04-09T09:00:00Z', 'S-1', 'PO-1'),
    );
    const final = s.outputsOf('delivery.late').at(-1)!;
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 3, causes: [['backorder', 3]] });
    expect(final.causes[0]!.detail).toEqual({ warehouseId: 'W1', skus: ['SKU-A'], firstDay: '2026-04-02', lastDay: '2026-04-06' });
  });

  it('a hold with the goods on the shelf and nothing shipped is the hold\'s, for just the days the goods were there', () => {
    const s = scenario();
    s.feed(
      stock('2026-04-01T06:00:00Z', { 'SKU-A': 50 }),
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-06'),
      hold('2026-04-02T10:00:00Z'),
      // Gone on 4 April, back on 5 April: 4 April is the warehouse's, 2, 3 and 5 April the hold's.
      stock('2026-04-04T08:00:00Z', { 'SKU-A': 0 }),
      stock('2026-04-05T00:00:00Z', { 'SKU-A': 50 }),
      release('2026-04-06T10:00:00Z'),
      dispatched('2026-04-07T09:00:00Z', 'S-1', 'PO-1', '2026-04-10'),
      delivered('2026-04-10T09:00:00Z', 'S-1', 'PO-1'),
    );
    const final = s.outputsOf('delivery.late').at(-1)!;
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 4, causes: [['credit_hold', 3], ['backorder', 1], ['late_dispatch', 0]].filter(([, days]) => days !== 0) });
    expect(final.causes[0]!.detail).toEqual({ holds: [{ holdId: 'hold-D-1-1', from: '2026-04-02', to: '2026-04-06' }] });
  });
});

describe('backorder needs the warehouse\'s evidence', () => {
  it('a SKU never reported is not backordered: the hold keeps its days; a reported 0 takes them', () => {
    const run = (reported: boolean) => {
      const s = scenario();
      s.feed(
        ...(reported ? [stock('2026-04-01T06:00:00Z', { 'SKU-A': 0 })] : []),
        dealer('2026-04-01T08:00:00Z'),
        placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-05'),
        hold('2026-04-02T10:00:00Z'),
        release('2026-04-05T10:00:00Z'),
        ...(reported ? [stock('2026-04-05T11:00:00Z', { 'SKU-A': 40 })] : []),
        dispatched('2026-04-05T13:00:00Z', 'S-1', 'PO-1', '2026-04-07'),
        delivered('2026-04-07T09:00:00Z', 'S-1', 'PO-1'),
      );
      return figures(s.outputsOf('delivery.late').at(-1)!);
    };
    expect(run(false)).toEqual({ status: 'delivered', daysLate: 2, causes: [['credit_hold', 2]] });
    expect(run(true)).toEqual({ status: 'delivered', daysLate: 2, causes: [['backorder', 2]] });
  });
});

describe("the manufacturer's reschedule is its own cause", () => {
  it('with its reason in the text, in English and Chinese, instead of the hold that happened meanwhile', () => {
    const s = scenario();
    s.feed(
      stock('2026-04-01T06:00:00Z', { 'SKU-A': 50 }),
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      e('order.amended', '2026-04-03T11:00:00Z', {
        orderId: 'PO-1',
        promisedDeliveryDate: '2026-04-12',
        requestedBy: 'manufacturer',
        reason: 'raw material shortage',
      }),
      hold('2026-04-04T10:00:00Z'),
      release('2026-04-06T10:00:00Z'),
      dispatched('2026-04-10T09:00:00Z', 'S-1', 'PO-1', '2026-04-12'),
      delivered('2026-04-12T09:00:00Z', 'S-1', 'PO-1'),
    );
    const final = s.outputsOf('delivery.late').at(-1)!;
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 3, causes: [['manufacturer_reschedule', 3]] });
    expect(final.causes[0]!.detail).toEqual({ rescheduledTo: '2026-04-12', amendedOn: '2026-04-03', reason: 'raw material shortage' });
    expect(final.explanation).toEqual({
      en:
        'Order PO-1 was promised for 9 April 2026 and arrived on 12 April 2026, 3 days late. ' +
        'Why: 3 days of rescheduling on our side (on 3 April 2026 we moved the delivery to 12 April 2026 because of raw material shortage).',
      'zh-CN':
        '订单PO-1承诺于2026年4月9日送达，实际于2026年4月12日送达，延迟3天。' +
        '原因：我方调整交期3天（我们于2026年4月3日将交货日期改为2026年4月12日，原因：raw material shortage）。',
    });
  });

  it('a dealer\'s own new date is no reschedule, and a carrier delay beyond the new date stays the carrier\'s', () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      e('order.amended', '2026-04-03T11:00:00Z', { orderId: 'PO-1', promisedDeliveryDate: '2026-04-11', requestedBy: 'manufacturer' }),
      dispatched('2026-04-09T09:00:00Z', 'S-1', 'PO-1', '2026-04-11'),
      delivered('2026-04-13T09:00:00Z', 'S-1', 'PO-1'),
    );
    const final = s.outputsOf('delivery.late').at(-1)!;
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 4, causes: [['carrier_delay', 2], ['manufacturer_reschedule', 2]] });
    expect(final.explanation.en).toContain('2 days of rescheduling on our side (on 3 April 2026 we moved the delivery to 11 April 2026)');
  });
});

describe('a short delivery closes with what became of its remainder', () => {
  it('remainder cancelled: a final notice with status remainder_cancelled, and the order leaves the open orders', () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      dispatched('2026-04-08T09:00:00Z', 'S-1', 'PO-1', '2026-04-10'),
      delivered('2026-04-11T09:00:00Z', 'S-1', 'PO-1', [{ sku: 'SKU-A', qty: 7 }]),
      e('order.cancelled', '2026-04-12T10:00:00Z', { orderId: 'PO-1', reason: 'short-delivered remainder cancelled' }),
    );
    const late = s.outputsOf('delivery.late');
    // The short delivery itself passed the promise day: the first notice says the rest has not left.
    expect(late.map((notice) => notice.status)).toEqual(['not_dispatched', 'remainder_cancelled']);
    const final = late[1]!;
    // What arrived came on 11 April: 2 days late, 1 of carrier delay and 1 of late dispatch.
    expect(figures(final)).toEqual({ status: 'remainder_cancelled', daysLate: 2, causes: [['carrier_delay', 1], ['late_dispatch', 1]] });
    expect(final.deliveredAt).toBe('2026-04-11T09:00:00Z');
    expect(final.explanation.en).toBe(
      'Order PO-1 was promised for 9 April 2026; what arrived came on 11 April 2026, 2 days late, and the rest was cancelled on 12 April 2026: SKU-A (7 of 10 received). ' +
        'Why: 1 day of carrier delay (FastFreight was due to deliver on 10 April 2026) and ' +
        '1 day of late dispatch (the goods left our warehouse on 8 April 2026; to arrive on time they had to leave by 7 April 2026).',
    );
    expect(final.explanation['zh-CN']).toContain('其余货物已于2026年4月12日取消：SKU-A（订购10件，已收到7件）');
    // Closed: no further notice, however long the clock runs.
    s.feed(e('clock.tick', '2026-04-30T00:00:00Z', {}));
    expect(s.outputsOf('delivery.late')).toHaveLength(2);
    const state = s.pipeline.stateOf<DeliveryState>('delivery', 'D-1')!;
    expect(state.orders['PO-1']!.completedAt).not.toBeNull();
  });

  it('remainder cancelled after an on-time short delivery that was already reported late: closed with 0 days late', () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      dispatched('2026-04-05T09:00:00Z', 'S-1', 'PO-1', '2026-04-07'),
      delivered('2026-04-07T09:00:00Z', 'S-1', 'PO-1', [{ sku: 'SKU-A', qty: 7 }]),
      e('clock.tick', '2026-04-10T00:00:01Z', {}),
      e('order.cancelled', '2026-04-11T10:00:00Z', { orderId: 'PO-1' }),
    );
    const late = s.outputsOf('delivery.late');
    expect(late.map(figures)).toEqual([
      { status: 'not_dispatched', daysLate: 1, causes: [['late_dispatch', 1]] },
      { status: 'remainder_cancelled', daysLate: 0, causes: [] },
    ]);
    expect(late[1]!.explanation.en).toBe(
      'Order PO-1 was promised for 9 April 2026; what arrived came on 7 April 2026, in time, and the rest was cancelled on 11 April 2026: SKU-A (7 of 10 received).',
    );
  });

  it('remainder re-shipped: in transit once the replacement leaves, delivered when it arrives', () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      dispatched('2026-04-06T09:00:00Z', 'S-1', 'PO-1', '2026-04-08'),
      delivered('2026-04-08T09:00:00Z', 'S-1', 'PO-1', [{ sku: 'SKU-A', qty: 7 }]),
      e('clock.tick', '2026-04-10T00:00:01Z', {}),
      dispatched('2026-04-10T09:00:00Z', 'S-2', 'PO-1', '2026-04-12', [{ sku: 'SKU-A', qty: 3 }]),
      e('clock.tick', '2026-04-11T00:00:01Z', {}),
      delivered('2026-04-12T09:00:00Z', 'S-2', 'PO-1', [{ sku: 'SKU-A', qty: 3 }]),
    );
    expect(s.outputsOf('delivery.late').map((notice) => notice.status)).toEqual(['not_dispatched', 'delivered']);
    expect(s.outputsOf('delivery.late').at(-1)!.daysLate).toBe(3);
  });
});

describe('the working calendar', () => {
  it('the last day goods could leave steps back over the warehouse\'s holidays', () => {
    const s = scenario();
    s.feed(
      holidays('2026-01-01T00:00:00Z', ['2026-02-15', '2026-02-16', '2026-02-17']),
      dealer('2026-02-01T08:00:00Z'),
      placed('2026-02-10T09:00:00Z', 'PO-1', '2026-02-19'),
      dispatched('2026-02-14T09:00:00Z', 'S-1', 'PO-1', '2026-02-16'),
      delivered('2026-02-20T09:00:00Z', 'S-1', 'PO-1'),
    );
    const final = s.outputsOf('delivery.late').at(-1)!;
    // Planned transit 2 days: leave by 17 February, a holiday; the last working day before it is 14 February.
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 1, causes: [['carrier_delay', 1]] });
    const s2 = scenario();
    s2.feed(
      holidays('2026-01-01T00:00:00Z', ['2026-02-15', '2026-02-16', '2026-02-17']),
      dealer('2026-02-01T08:00:00Z'),
      placed('2026-02-10T09:00:00Z', 'PO-1', '2026-02-19'),
      dispatched('2026-02-18T09:00:00Z', 'S-1', 'PO-1', '2026-02-20'),
      delivered('2026-02-20T09:00:00Z', 'S-1', 'PO-1'),
    );
    expect(s2.outputsOf('delivery.late').at(-1)!.causes[0]!.detail).toEqual({
      shipmentId: 'S-1',
      dispatchedOn: '2026-02-18',
      latestDispatchDate: '2026-02-14',
    });
  });

  it('with lateDays "working", the holidays of the order\'s warehouse are not days late', () => {
    const feed = (s: ReturnType<typeof scenario>) =>
      s.feed(
        holidays('2026-01-01T00:00:00Z', ['2026-02-15', '2026-02-16', '2026-02-17', '2026-02-18'], ['W1']),
        dealer('2026-02-01T08:00:00Z'),
        placed('2026-02-10T09:00:00Z', 'PO-1', '2026-02-14'),
        e('clock.tick', '2026-02-18T00:00:01Z', {}),
        dispatched('2026-02-19T09:00:00Z', 'S-1', 'PO-1', '2026-02-20'),
        delivered('2026-02-20T09:00:00Z', 'S-1', 'PO-1'),
      );
    const working = scenario({ lateDays: 'working' });
    feed(working);
    // 15–18 February are holidays: of 15–20 February only 19 and 20 count.
    // No first notice while every day past the promise was a holiday (0 working days late).
    expect(working.outputsOf('delivery.late').map(figures)).toEqual([
      { status: 'in_transit', daysLate: 1, causes: [['late_dispatch', 1]] },
      { status: 'delivered', daysLate: 2, causes: [['late_dispatch', 2]] },
    ]);
    const calendar = scenario();
    feed(calendar);
    expect(calendar.outputsOf('delivery.late').map(figures).at(-1)).toEqual({ status: 'delivered', daysLate: 6, causes: [['late_dispatch', 6]] });
  });
});
