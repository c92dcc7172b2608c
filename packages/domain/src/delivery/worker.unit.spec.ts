import { describe, expect, it } from 'vitest';
import { createEventBuilder, createScenario } from '../testing';
import type { DeliveryState } from './state';
import { deliveryWorker } from './worker';

const e = createEventBuilder();

function dealer(at: string, creditLimit = 1_000_000) {
  return e('dealer.upserted', at, {
    name: 'Harbour Tools',
    tier: 'B',
    region: 'East',
    locale: 'en',
    currency: 'CNY',
    creditLimit,
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

function tick(at: string) {
  return e('clock.tick', at, {});
}

function stock(at: string, available: number, sku = 'SKU-A') {
  return e('warehouse.stock.reported', at, { warehouseId: 'W1', items: [{ sku, available }] });
}

function scenario() {
  return createScenario({ workers: [deliveryWorker] });
}

/** The figures a test compares: everything but the texts, which texts.unit.spec.ts checks. */
function figures(data: { status: string; daysLate: number; causes: { code: string; days: number }[] }) {
  return { status: data.status, daysLate: data.daysLate, causes: data.causes.map((cause) => [cause.code, cause.days]) };
}

describe('delivery worker: on time', () => {
  it('says nothing about an order delivered by its promise', () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      dispatched('2026-04-06T09:00:00Z', 'S-1', 'PO-1', '2026-04-08'),
      delivered('2026-04-09T16:00:00Z', 'S-1', 'PO-1'),
      tick('2026-04-20T00:00:00Z'),
    );
    expect(s.outputs()).toEqual([]);
  });
});

describe('delivery worker: each cause alone', () => {
  it('carrier delay: first notice in transit when the promise day ends, final figures on delivery', () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      dispatched('2026-04-06T09:00:00Z', 'S-1', 'PO-1', '2026-04-09'),
      e('shipment.exception', '2026-04-08T07:00:00Z', { shipmentId: 'S-1', code: 'weather', note: 'snow on the pass' }),
    );
    const first = s.feed(tick('2026-04-10T00:00:01Z'));
    expect(first.map((output) => output.type)).toEqual(['delivery.late']);
    const late = s.outputsOf('delivery.late');
    expect(figures(late[0]!)).toEqual({ status: 'in_transit', daysLate: 1, causes: [['carrier_delay', 1]] });
    expect(late[0]!.deliveredAt).toBeNull();
    expect(late[0]!.promisedDeliveryDate).toBe('2026-04-09');

    s.feed(delivered('2026-04-12T10:00:00Z', 'S-1', 'PO-1'));
    const final = s.outputsOf('delivery.late')[1]!;
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 3, causes: [['carrier_delay', 3]] });
    expect(final.deliveredAt).toBe('2026-04-12T10:00:00Z');
    expect(final.causes[0]!.detail).toEqual({
      shipmentId: 'S-1',
      carrier: 'FastFreight',
      estimatedArrivalDate: '2026-04-09',
      exceptions: [{ code: 'weather', note: 'snow on the pass' }],
    });
    expect(final.explanation).toEqual({
      en:
        'Order PO-1 was promised for 9 April 2026 and arrived on 12 April 2026, 3 days late. ' +
        'Why: 3 days of carrier delay (FastFreight was due to deliver on 9 April 2026; the carrier reported bad weather).',
      'zh-CN':
        '订单PO-1承诺于2026年4月9日送达，实际于2026年4月12日送达，延迟3天。' +
        '原因：承运商延误3天（FastFreight原定于2026年4月9日送达，承运商报告了恶劣天气）。',
    });
    s.feed(tick('2026-04-20T00:00:00Z'));
    expect(s.outputsOf('delivery.late')).toHaveLength(2);
  });

  it('credit hold: the days the dealer was over its limit between placement and dispatch', () => {
    const s = scenario();
    // 10 × 100 = 1000 against a limit of 500: on hold from placement until a payment on 5 April.
    s.feed(
      dealer('2026-04-01T08:00:00Z', 500),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-06'),
      e('payment.received', '2026-04-05T11:00:00Z', { paymentId: 'P-1', amount: 600, currency: 'CNY' }),
      dispatched('2026-04-07T09:00:00Z', 'S-1', 'PO-1', '2026-04-09'),
      delivered('2026-04-09T15:00:00Z', 'S-1', 'PO-1'),
    );
    const final = s.outputsOf('delivery.late').at(-1)!;
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 3, causes: [['credit_hold', 3]] });
    expect(final.causes[0]!.detail).toEqual({ holds: [{ holdId: 'hold-D-1-1', from: '2026-04-02', to: '2026-04-05' }] });
  });

  it('backorder: days the warehouse had less than the order needs, the whole day counted at its lowest', () => {
    const s = scenario();
    s.feed(
      stock('2026-04-01T06:00:00Z', 0),
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-04'),
      // Restocked at noon on 5 April: 5 April still had 0 in the morning, so it is a backorder day.
      stock('2026-04-05T12:00:00Z', 50),
      dispatched('2026-04-06T09:00:00Z', 'S-1', 'PO-1', '2026-04-08'),
      delivered('2026-04-08T15:00:00Z', 'S-1', 'PO-1'),
    );
    const final = s.outputsOf('delivery.late').at(-1)!;
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 4, causes: [['backorder', 4]] });
    expect(final.causes[0]!.detail).toEqual({ warehouseId: 'W1', skus: ['SKU-A'], firstDay: '2026-04-02', lastDay: '2026-04-05' });
  });

  it('backorder: a SKU never reported counts as available, and enough stock is no backorder', () => {
    const s = scenario();
    s.feed(
      stock('2026-04-01T06:00:00Z', 10),
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-04', [
        { sku: 'SKU-A', qty: 10, unitPrice: 100 },
        { sku: 'SKU-Z', qty: 3, unitPrice: 100 },
      ]),
      dispatched('2026-04-06T09:00:00Z', 'S-1', 'PO-1', '2026-04-06', [{ sku: 'SKU-A', qty: 10 }, { sku: 'SKU-Z', qty: 3 }]),
      delivered('2026-04-06T15:00:00Z', 'S-1', 'PO-1', [{ sku: 'SKU-A', qty: 10 }, { sku: 'SKU-Z', qty: 3 }]),
    );
    expect(figures(s.outputsOf('delivery.late').at(-1)!)).toEqual({ status: 'delivered', daysLate: 2, causes: [['late_dispatch', 2]] });
  });

  it('late dispatch: fired from apply when the dispatch itself is the event that passes the promise day', () => {
    const s = scenario();
    s.feed(dealer('2026-04-01T08:00:00Z'), placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'));
    const out = s.feed(dispatched('2026-04-10T08:00:00Z', 'S-1', 'PO-1', '2026-04-12'));
    expect(out).toHaveLength(1);
    const first = s.outputsOf('delivery.late')[0]!;
    expect(figures(first)).toEqual({ status: 'in_transit', daysLate: 1, causes: [['late_dispatch', 1]] });
    expect(first.causes[0]!.detail).toEqual({ shipmentId: 'S-1', dispatchedOn: '2026-04-10', latestDispatchDate: '2026-04-07' });

    s.feed(delivered('2026-04-12T09:00:00Z', 'S-1', 'PO-1'));
    expect(figures(s.outputsOf('delivery.late')[1]!)).toEqual({ status: 'delivered', daysLate: 3, causes: [['late_dispatch', 3]] });
  });

  it('unexplained: goods delivered without any dispatch report leave nothing to blame', () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      delivered('2026-04-11T09:00:00Z', 'S-1', 'PO-1'),
    );
    expect(s.outputsOf('delivery.late').map(figures)).toEqual([{ status: 'delivered', daysLate: 2, causes: [['unexplained', 2]] }]);
  });
});

describe('delivery worker: mixed causes', () => {
  it('fits carrier delay, credit hold and backorder into the days late, in that order, each capped by what is left', () => {
    const s = scenario();
    s.feed(
      stock('2026-04-01T06:00:00Z', 100),
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-07'),
      e('credit.decision.recorded', '2026-04-02T10:00:00Z', { decision: 'hold', decidedBy: 'finance.li', note: 'disputed invoice' }),
      e('credit.decision.recorded', '2026-04-04T10:00:00Z', { decision: 'release', decidedBy: 'finance.li' }),
      // Other orders take the stock after the release: 4 to 6 April are the warehouse's days.
      stock('2026-04-04T12:00:00Z', 0),
      stock('2026-04-06T12:00:00Z', 100),
      dispatched('2026-04-08T09:00:00Z', 'S-1', 'PO-1', '2026-04-10'),
      e('shipment.exception', '2026-04-10T07:00:00Z', { shipmentId: 'S-1', code: 'vehicle' }),
      delivered('2026-04-13T09:00:00Z', 'S-1', 'PO-1'),
    );
    const [first, final] = s.outputsOf('delivery.late');
    // The dispatch on 8 April is the event that passes the promise day: in transit, 1 day late, the
    // 2 hold days capped to 1.
    expect(figures(first!)).toEqual({ status: 'in_transit', daysLate: 1, causes: [['credit_hold', 1]] });
    // 13 − 7 = 6 days: carrier 13 − 10 = 3, hold 2 (2–3 April), backorder 4–6 April = 3 capped to 1.
    expect(figures(final!)).toEqual({
      status: 'delivered',
      daysLate: 6,
      causes: [
        ['carrier_delay', 3],
        ['credit_hold', 2],
        ['backorder', 1],
      ],
    });
  });
});

describe('delivery worker: amendments', () => {
  it("a dealer's new date is the new promise: delivered by it, nothing is sent", () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      e('order.amended', '2026-04-05T09:00:00Z', { orderId: 'PO-1', promisedDeliveryDate: '2026-04-14', requestedBy: 'dealer' }),
      tick('2026-04-10T00:00:01Z'),
      dispatched('2026-04-11T09:00:00Z', 'S-1', 'PO-1', '2026-04-13'),
      delivered('2026-04-13T09:00:00Z', 'S-1', 'PO-1'),
      tick('2026-04-20T00:00:00Z'),
    );
    expect(s.outputs()).toEqual([]);
  });

  it("a manufacturer's new date does not move the promise: its days are its own cause, and it is what the dealer is told to expect", () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      e('order.amended', '2026-04-05T09:00:00Z', {
        orderId: 'PO-1',
        promisedDeliveryDate: '2026-04-14',
        requestedBy: 'manufacturer',
        reason: 'production delay',
      }),
      tick('2026-04-10T00:00:01Z'),
    );
    const first = s.outputsOf('delivery.late')[0]!;
    expect(figures(first)).toEqual({ status: 'not_dispatched', daysLate: 1, causes: [['manufacturer_reschedule', 1]] });
    expect(first.promisedDeliveryDate).toBe('2026-04-09');
    expect(first.explanation.en).toContain('It is now expected on 14 April 2026.');

    // Dispatch after a not_dispatched notice sends no second, in_transit, notice.
    expect(s.feed(dispatched('2026-04-11T09:00:00Z', 'S-1', 'PO-1', '2026-04-14'), tick('2026-04-12T00:00:01Z'))).toEqual([]);
    s.feed(delivered('2026-04-14T09:00:00Z', 'S-1', 'PO-1'));
    const final = s.outputsOf('delivery.late')[1]!;
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 5, causes: [['manufacturer_reschedule', 5]] });
    expect(final.promisedDeliveryDate).toBe('2026-04-09');
  });

  it('amended lines change what full delivery means', () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      e('order.amended', '2026-04-03T09:00:00Z', { orderId: 'PO-1', lines: [{ sku: 'SKU-A', qty: 6, unitPrice: 100 }], requestedBy: 'dealer' }),
      dispatched('2026-04-06T09:00:00Z', 'S-1', 'PO-1', '2026-04-08', [{ sku: 'SKU-A', qty: 6 }]),
      delivered('2026-04-08T09:00:00Z', 'S-1', 'PO-1', [{ sku: 'SKU-A', qty: 6 }]),
      tick('2026-04-20T00:00:00Z'),
    );
    expect(s.outputs()).toEqual([]);
  });
});

describe('delivery worker: split and partial deliveries', () => {
  it('split shipment: judged on the shipment that completed the order; windows run to the last dispatch', () => {
    const s = scenario();
    const lines = [
      { sku: 'SKU-A', qty: 10, unitPrice: 100 },
      { sku: 'SKU-B', qty: 5, unitPrice: 40 },
    ];
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09', lines),
      dispatched('2026-04-05T09:00:00Z', 'S-1', 'PO-1', '2026-04-07', [{ sku: 'SKU-A', qty: 10 }]),
      delivered('2026-04-07T09:00:00Z', 'S-1', 'PO-1', [{ sku: 'SKU-A', qty: 10 }]),
      dispatched('2026-04-09T09:00:00Z', 'S-2', 'PO-1', '2026-04-11', [{ sku: 'SKU-B', qty: 5 }]),
      tick('2026-04-10T00:00:01Z'),
    );
    const first = s.outputsOf('delivery.late')[0]!;
    expect(figures(first)).toEqual({ status: 'in_transit', daysLate: 1, causes: [['late_dispatch', 1]] });
    expect(first.explanation.en).toContain('It is now expected on 11 April 2026.');
    expect(s.outputsOf('delivery.partial')).toEqual([]);

    s.feed(delivered('2026-04-12T09:00:00Z', 'S-2', 'PO-1', [{ sku: 'SKU-B', qty: 5 }]));
    const final = s.outputsOf('delivery.late')[1]!;
    // 12 − 9 = 3: S-2 came 1 day after its estimate; it left on 9 April, 2 days after 9 − 2 = 7 April.
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 3, causes: [['carrier_delay', 1], ['late_dispatch', 2]] });
    expect(final.causes[1]!.detail).toEqual({ shipmentId: 'S-2', dispatchedOn: '2026-04-09', latestDispatchDate: '2026-04-07' });
  });

  it('partial delivery after the promise: delivery.partial with the short lines, then the final notice', () => {
    const s = scenario();
    const lines = [
      { sku: 'SKU-A', qty: 10, unitPrice: 100 },
      { sku: 'SKU-B', qty: 5, unitPrice: 40 },
    ];
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09', lines),
      dispatched('2026-04-08T09:00:00Z', 'S-1', 'PO-1', '2026-04-10', [{ sku: 'SKU-A', qty: 10 }, { sku: 'SKU-B', qty: 5 }]),
      tick('2026-04-10T00:00:01Z'),
    );
    expect(figures(s.outputsOf('delivery.late')[0]!)).toEqual({ status: 'in_transit', daysLate: 1, causes: [['late_dispatch', 1]] });

    const out = s.feed(delivered('2026-04-11T09:00:00Z', 'S-1', 'PO-1', [{ sku: 'SKU-A', qty: 6 }, { sku: 'SKU-B', qty: 5 }]));
    expect(out.map((output) => output.type)).toEqual(['delivery.partial']);
    const partial = s.outputsOf('delivery.partial')[0]!;
    expect(partial.shortLines).toEqual([{ sku: 'SKU-A', ordered: 10, delivered: 6 }]);
    // The 4 missing units must still leave the warehouse.
    expect(figures(partial)).toEqual({ status: 'not_dispatched', daysLate: 2, causes: [['late_dispatch', 2]] });
    expect(partial.deliveredAt).toBeNull();
    expect(partial.explanation.en).toContain('The delivery on 11 April 2026 left it short: SKU-A (6 of 10 received).');

    s.feed(
      dispatched('2026-04-13T09:00:00Z', 'S-2', 'PO-1', '2026-04-15', [{ sku: 'SKU-A', qty: 4 }]),
      delivered('2026-04-15T09:00:00Z', 'S-2', 'PO-1', [{ sku: 'SKU-A', qty: 4 }]),
    );
    const final = s.outputsOf('delivery.late')[1]!;
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 6, causes: [['late_dispatch', 6]] });
    expect(s.outputsOf('delivery.partial')).toHaveLength(1);
  });

  it('a short delivery before the promise has passed is not a delivery.partial', () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      dispatched('2026-04-05T09:00:00Z', 'S-1', 'PO-1', '2026-04-07'),
      delivered('2026-04-07T09:00:00Z', 'S-1', 'PO-1', [{ sku: 'SKU-A', qty: 7 }]),
      tick('2026-04-09T12:00:00Z'),
    );
    expect(s.outputs()).toEqual([]);
  });
});

describe('delivery worker: orders that never arrive', () => {
  it('an order that never shipped: one not_dispatched notice counting to the watermark date', () => {
    const s = scenario();
    s.feed(dealer('2026-04-01T08:00:00Z'), placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'));
    s.feed(tick('2026-04-15T10:00:00Z'));
    const late = s.outputsOf('delivery.late');
    expect(late.map(figures)).toEqual([{ status: 'not_dispatched', daysLate: 6, causes: [['late_dispatch', 6]] }]);
    expect(late[0]!.causes[0]!.detail).toEqual({ shipmentId: null, dispatchedOn: null, latestDispatchDate: null });
    s.feed(tick('2026-04-16T10:00:00Z'), tick('2026-04-30T10:00:00Z'));
    expect(s.outputsOf('delivery.late')).toHaveLength(1);
  });

  it('a hold still active counts up to the watermark date, taking the days before late dispatch', () => {
    const s = scenario();
    s.feed(dealer('2026-04-01T08:00:00Z', 500), placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'), tick('2026-04-12T10:00:00Z'));
    const [first] = s.outputsOf('delivery.late');
    // Window 2–12 April holds 10 hold days; the 3 days late are all credit hold.
    expect(figures(first!)).toEqual({ status: 'not_dispatched', daysLate: 3, causes: [['credit_hold', 3]] });
    expect(first!.causes[0]!.detail).toEqual({ holds: [{ holdId: 'hold-D-1-1', from: '2026-04-02', to: null }] });
    expect(first!.explanation.en).toBe(
      'Order PO-1 was promised for 9 April 2026; it is 3 days late so far and has not yet fully left our warehouse. ' +
        'Why: 3 days of credit hold (your account was on hold since 2 April 2026). ' +
        'We will tell you the new delivery date as soon as we have it.',
    );
  });

  it('an order cancelled after its promise passed: no final notice, and dropped from state', () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      dispatched('2026-04-08T09:00:00Z', 'S-1', 'PO-1', '2026-04-12'),
      tick('2026-04-10T00:00:01Z'),
    );
    expect(s.outputsOf('delivery.late')).toHaveLength(1);
    s.feed(
      e('order.cancelled', '2026-04-11T09:00:00Z', { orderId: 'PO-1', reason: 'dealer refused' }),
      delivered('2026-04-12T09:00:00Z', 'S-1', 'PO-1'),
      tick('2026-04-20T00:00:00Z'),
    );
    expect(s.outputsOf('delivery.late')).toHaveLength(1);
    expect(s.outputsOf('delivery.partial')).toEqual([]);
    const state = s.pipeline.stateOf<DeliveryState>('delivery', 'D-1')!;
    expect(state.orders).toEqual({});
  });

  it('a shipment seen before its order is kept, and explains the order once it is placed', () => {
    const s = scenario();
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      dispatched('2026-04-05T09:00:00Z', 'S-9', 'PO-9', '2026-04-07'),
      // The placement arrives late, with its own (earlier) business time.
      placed('2026-04-03T09:00:00Z', 'PO-9', '2026-04-06'),
      delivered('2026-04-08T09:00:00Z', 'S-9', 'PO-9'),
    );
    const final = s.outputsOf('delivery.late').at(-1)!;
    expect(figures(final)).toEqual({ status: 'delivered', daysLate: 2, causes: [['carrier_delay', 1], ['late_dispatch', 1]] });
  });

  it('drops orders delivered more than retentionDays ago', () => {
    const s = createScenario({ workers: [deliveryWorker], policies: { delivery: { ...deliveryWorker.defaultPolicy, retentionDays: 5 } } });
    s.feed(
      dealer('2026-04-01T08:00:00Z'),
      placed('2026-04-02T09:00:00Z', 'PO-1', '2026-04-09'),
      dispatched('2026-04-06T09:00:00Z', 'S-1', 'PO-1', '2026-04-08'),
      delivered('2026-04-08T09:00:00Z', 'S-1', 'PO-1'),
      tick('2026-04-13T10:00:00Z'),
    );
    const state = () => s.pipeline.stateOf<DeliveryState>('delivery', 'D-1')!;
    expect(Object.keys(state().orders)).toEqual(['PO-1']);
    s.feed(tick('2026-04-14T10:00:00Z'));
    expect(state().orders).toEqual({});
    expect(state().shipments).toEqual({});
  });
});
