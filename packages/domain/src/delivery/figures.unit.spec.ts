import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dayNumber, instantOf } from '../calendar';
import { attributeCauses } from './attributeCauses';
import { backorderDays, lowestAvailableByDay } from './backorderDays';
import { creditHoldDays } from './creditHoldDays';
import { orderProgress } from './orderProgress';
import type { TrackedOrder, TrackedShipment } from './state';

const day = dayNumber;
const at = instantOf;

describe('attributeCauses', () => {
  it('takes causes in order, each capped by what is left', () => {
    expect(attributeCauses({ daysLate: 5, carrierDelay: 2, creditHold: 4, backorder: 3, dispatchedLate: true })).toEqual([
      { code: 'carrier_delay', days: 2 },
      { code: 'credit_hold', days: 3 },
    ]);
  });

  it('gives the rest to late dispatch when the goods left late, else to unexplained', () => {
    expect(attributeCauses({ daysLate: 4, carrierDelay: 1, creditHold: 0, backorder: 1, dispatchedLate: true })).toEqual([
      { code: 'carrier_delay', days: 1 },
      { code: 'backorder', days: 1 },
      { code: 'late_dispatch', days: 2 },
    ]);
    expect(attributeCauses({ daysLate: 4, carrierDelay: 1, creditHold: 0, backorder: 0, dispatchedLate: false })).toEqual([
      { code: 'carrier_delay', days: 1 },
      { code: 'unexplained', days: 3 },
    ]);
  });

  it('gives nothing when the order is not late, and ignores negative counts (early arrival)', () => {
    expect(attributeCauses({ daysLate: 0, carrierDelay: 3, creditHold: 2, backorder: 1, dispatchedLate: true })).toEqual([]);
    expect(attributeCauses({ daysLate: 2, carrierDelay: -3, creditHold: 0, backorder: 0, dispatchedLate: false })).toEqual([
      { code: 'unexplained', days: 2 },
    ]);
  });

  it('always sums to the days late, with no cause of zero or negative days', () => {
    fc.assert(
      fc.property(
        fc.nat(60),
        fc.integer({ min: -30, max: 60 }),
        fc.nat(60),
        fc.nat(60),
        fc.boolean(),
        (daysLate, carrierDelay, creditHold, backorder, dispatchedLate) => {
          const causes = attributeCauses({ daysLate, carrierDelay, creditHold, backorder, dispatchedLate });
          expect(causes.reduce((sum, cause) => sum + cause.days, 0)).toBe(daysLate);
          expect(causes.every((cause) => cause.days > 0)).toBe(true);
        },
      ),
    );
  });
});

describe('creditHoldDays', () => {
  const spans = [
    { holdId: 'H-1', from: at('2026-04-01T15:00:00Z'), to: at('2026-04-04T09:00:00Z') },
    { holdId: 'H-2', from: at('2026-04-08T10:00:00Z'), to: null },
  ];
  /** The holds above over a window, with no departure and no short day. */
  const window = (fromDay: number, toDay: number, todayDay: number) => ({
    spans,
    fromDay,
    toDay,
    todayDay,
    departures: [] as number[],
    shortDays: new Set<number>() as ReadonlySet<number>,
  });

  it('counts hold days inside the window: start date up to the release date, an open hold to today', () => {
    const held = creditHoldDays(window(day('2026-04-02'), day('2026-04-10'), day('2026-04-12')));
    expect(held.days).toEqual([day('2026-04-02'), day('2026-04-03'), day('2026-04-08'), day('2026-04-09')]);
    expect(held.holds).toEqual([
      { holdId: 'H-1', from: '2026-04-01', to: '2026-04-04' },
      { holdId: 'H-2', from: '2026-04-08', to: null },
    ]);
  });

  it('leaves out holds outside the window and counts an open one up to the watermark day only', () => {
    const held = creditHoldDays(window(day('2026-04-05'), day('2026-04-20'), day('2026-04-10')));
    expect(held.days).toEqual([day('2026-04-08'), day('2026-04-09')]);
    expect(held.holds.map((hold) => hold.holdId)).toEqual(['H-2']);
  });

  it('a hold released the day it started covers no day', () => {
    const sameDay = [{ holdId: 'H-3', from: at('2026-04-03T08:00:00Z'), to: at('2026-04-03T17:00:00Z') }];
    expect(creditHoldDays({ ...window(day('2026-04-01'), day('2026-04-10'), day('2026-04-10')), spans: sameDay })).toEqual({ days: [], holds: [] });
  });

  it('a hold during which part of the order left the warehouse blocked nothing: none of its days count', () => {
    const held = creditHoldDays({ ...window(day('2026-04-01'), day('2026-04-10'), day('2026-04-12')), departures: [at('2026-04-02T13:00:00Z')] });
    expect(held.days).toEqual([day('2026-04-08'), day('2026-04-09')]);
    expect(held.holds.map((hold) => hold.holdId)).toEqual(['H-2']);
  });

  it('a departure just before the hold began or at its release does not excuse it', () => {
    const held = creditHoldDays({
      ...window(day('2026-04-01'), day('2026-04-10'), day('2026-04-12')),
      departures: [at('2026-04-01T14:59:59Z'), at('2026-04-04T09:00:00Z')],
    });
    expect(held.holds.map((hold) => hold.holdId)).toEqual(['H-1', 'H-2']);
  });

  it('days the warehouse was short are not the hold\'s; a hold short on every day is not listed', () => {
    const shortDays = new Set([day('2026-04-02'), day('2026-04-08'), day('2026-04-09')]);
    const held = creditHoldDays({ ...window(day('2026-04-02'), day('2026-04-10'), day('2026-04-12')), shortDays });
    expect(held.days).toEqual([day('2026-04-03')]);
    expect(held.holds.map((hold) => hold.holdId)).toEqual(['H-1']);
  });
});

describe('lowestAvailableByDay', () => {
  const readings = [
    { at: at('2026-04-02T00:00:00Z'), available: 5 },
    { at: at('2026-04-03T10:00:00Z'), available: 1 },
    { at: at('2026-04-03T18:00:00Z'), available: 9 },
  ];

  it('takes the reading in effect at the start of the day and the lowest reading during it', () => {
    expect(lowestAvailableByDay(readings, day('2026-04-01'), day('2026-04-05'))).toEqual([undefined, 5, 1, 9]);
  });
});

describe('backorderDays', () => {
  const readings = [
    { at: at('2026-04-01T06:00:00Z'), available: 4 },
    { at: at('2026-04-04T12:00:00Z'), available: 20 },
  ];

  it('counts days on which some SKU had less than still needed, net of what left already and of excluded days', () => {
    const result = backorderDays({
      lines: [
        { sku: 'SKU-A', qty: 10 },
        { sku: 'SKU-B', qty: 2 },
      ],
      // 6 of SKU-A left on 2 April: from then on only 4 were needed, and 4 were there.
      dispatches: [{ day: day('2026-04-02'), lines: [{ sku: 'SKU-A', qty: 6 }] }],
      availability: (sku) => (sku === 'SKU-A' ? readings : []),
      fromDay: day('2026-04-01'),
      toDay: day('2026-04-06'),
    });
    expect(result).toEqual({ days: 1, shortDays: [day('2026-04-01')], skus: ['SKU-A'], firstDay: '2026-04-01', lastDay: '2026-04-01' });
  });

  it('leaves out the days it is told to', () => {
    const result = backorderDays({
      lines: [{ sku: 'SKU-A', qty: 10 }],
      dispatches: [],
      availability: () => readings,
      fromDay: day('2026-04-01'),
      toDay: day('2026-04-06'),
      excludedDays: new Set([day('2026-04-02')]),
    });
    // Short on 1, 3 and 4 April (4 April at its morning level of 4); 2 April is left out.
    expect(result).toMatchObject({ days: 3, skus: ['SKU-A'], firstDay: '2026-04-01', lastDay: '2026-04-04' });
  });
});

describe('orderProgress', () => {
  const order: TrackedOrder = {
    orderId: 'PO-1',
    warehouseId: 'W1',
    placedAt: at('2026-04-01T09:00:00Z'),
    lines: [
      { sku: 'SKU-A', qty: 10 },
      { sku: 'SKU-B', qty: 4 },
    ],
    promise: '2026-04-08',
    expectedDate: '2026-04-08',
    lateNotified: false,
    completedAt: null,
    partialNotified: [],
  };
  const shipment = (id: string, dispatched: string | null, lines: TrackedShipment['lines'], deliveredAt: string[] = []): TrackedShipment => ({
    shipmentId: id,
    orderId: 'PO-1',
    carrier: 'FastFreight',
    lines,
    dispatchedAt: dispatched === null ? null : at(dispatched),
    estimatedArrivalDate: '2026-04-07',
    exceptions: [],
    deliveries: deliveredAt.map((time) => ({ at: at(time), occurredAt: time, lines })),
    lastSeenAt: at(dispatched ?? deliveredAt[0]!),
  });

  it('is not dispatched while some ordered quantity has not left', () => {
    const progress = orderProgress(order, [shipment('S-1', '2026-04-03T09:00:00Z', [{ sku: 'SKU-A', qty: 10 }])], '2026-04-10');
    expect(progress.status).toBe('not_dispatched');
    expect(progress.dispatchEndDay).toBe(day('2026-04-10'));
  });

  it('is in transit when everything outstanding is on its way, judged on the latest shipment', () => {
    const progress = orderProgress(
      order,
      [
        shipment('S-1', '2026-04-03T09:00:00Z', [{ sku: 'SKU-A', qty: 10 }], ['2026-04-05T09:00:00Z']),
        shipment('S-2', '2026-04-06T09:00:00Z', [{ sku: 'SKU-B', qty: 4 }]),
      ],
      '2026-04-10',
    );
    expect(progress.status).toBe('in_transit');
    expect(progress.judgedShipment?.shipmentId).toBe('S-2');
    expect(progress.dispatchEndDay).toBe(day('2026-04-06'));
    expect(progress.delivered).toEqual([
      { sku: 'SKU-A', qty: 10 },
      { sku: 'SKU-B', qty: 0 },
    ]);
  });

  it('is delivered at the delivery that brought every SKU to its ordered quantity', () => {
    const progress = orderProgress(
      order,
      [
        shipment('S-1', '2026-04-03T09:00:00Z', [{ sku: 'SKU-A', qty: 10 }], ['2026-04-05T09:00:00Z']),
        shipment('S-2', '2026-04-06T09:00:00Z', [{ sku: 'SKU-B', qty: 4 }], ['2026-04-09T11:00:00Z']),
      ],
      '2026-04-12',
    );
    expect(progress.status).toBe('delivered');
    expect(progress.completion).toEqual({ at: at('2026-04-09T11:00:00Z'), occurredAt: '2026-04-09T11:00:00Z', shipmentId: 'S-2' });
    expect(progress.endDay).toBe(day('2026-04-09'));
  });
});
