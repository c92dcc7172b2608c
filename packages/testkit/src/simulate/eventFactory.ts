import type { InputEventOf, InputType } from '@dealerflow/contracts';

type GlobalType = 'product.upserted' | 'warehouse.stock.reported' | 'calendar.holidays.published' | 'sales.totals.published' | 'clock.tick';
type DealerType = Exclude<InputType, GlobalType>;

/**
 * When in the UTC day each kind of fact happens: [start, spread] in seconds. Within a phase,
 * dealers (or warehouses) take turns in index order across the spread, so the stream is in
 * non-decreasing occurredAt order when the simulator walks phases, then dealers, in order.
 */
export const PHASES = {
  master: [0, 0],
  opening: [1_800, 1_800],
  warehouse: [6 * 3_600, 600],
  exception: [7 * 3_600, 3_600],
  delivery: [8 * 3_600, 7_200],
  order: [10 * 3_600, 3_600],
  amendment: [11 * 3_600, 3_600],
  dispatch: [13 * 3_600, 7_200],
  payment: [15 * 3_600, 7_200],
  sales: [21 * 3_600, 3_600],
  stock: [22 * 3_600, 3_600],
  tick: [23 * 3_600 + 59 * 60, 0],
} as const satisfies Record<string, readonly [number, number]>;

export type Phase = keyof typeof PHASES;

/** The publishing system a real deployment would have for each type. */
const SOURCES: Record<InputType, string> = {
  'dealer.upserted': 'sim-crm',
  'dealer.tier.accepted': 'sim-api',
  'sales.totals.published': 'sim-erp',
  'product.upserted': 'sim-erp',
  'rebate.program.upserted': 'sim-erp',
  'order.placed': 'sim-oms',
  'order.amended': 'sim-oms',
  'order.cancelled': 'sim-oms',
  'shipment.dispatched': 'sim-tms',
  'shipment.exception': 'sim-tms',
  'shipment.delivered': 'sim-tms',
  'dealer.stock.reported': 'sim-dms',
  'dealer.sales.reported': 'sim-dms',
  'stock.alert.acknowledged': 'sim-api',
  'warehouse.stock.reported': 'sim-wms',
  'calendar.holidays.published': 'sim-erp',
  'fx.rate.published': 'sim-treasury',
  'invoice.issued': 'sim-ar',
  'payment.received': 'sim-ar',
  'credit.note.issued': 'sim-ar',
  'credit.decision.recorded': 'sim-api',
  'credit.limit.set': 'sim-api',
  'clock.tick': 'sim-scheduler',
};

function timeOfDay(seconds: number): string {
  const hh = String(Math.floor(seconds / 3_600)).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3_600) / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

function phaseTimes(count: number): Record<Phase, string[]> {
  const times = {} as Record<Phase, string[]>;
  for (const [phase, [start, spread]] of Object.entries(PHASES) as [Phase, readonly [number, number]][]) {
    times[phase] = Array.from({ length: count }, (_, i) => timeOfDay(start + Math.floor((i * spread) / count)));
  }
  return times;
}

/**
 * Builds the envelopes: eventIds `sim-<seed>-<sequence>` (unique and stable for a seed), the
 * source system, and occurredAt from the current day and the phase.
 */
export function createEventFactory(seed: number, dealers: number, warehouses: number) {
  let sequence = 0;
  let date = '';
  const dealerTimes = phaseTimes(dealers);
  const warehouseTimes = phaseTimes(warehouses);
  const nextId = () => `sim-${seed}-${String(++sequence).padStart(9, '0')}`;
  return {
    setDate(value: string): void {
      date = value;
    },
    /** occurredAt of dealer `index`'s turn in a phase of the current day. */
    dealerAt: (phase: Phase, index: number) => `${date}T${dealerTimes[phase][index]}Z`,
    warehouseAt: (phase: Phase, index: number) => `${date}T${warehouseTimes[phase][index]}Z`,
    dealerEvent<T extends DealerType>(type: T, occurredAt: string, dealerId: string, data: InputEventOf<T>['data']): InputEventOf<T> {
      return { eventId: nextId(), type, schemaVersion: 1, occurredAt, dealerId, source: SOURCES[type], data } as InputEventOf<T>;
    },
    globalEvent<T extends GlobalType>(type: T, occurredAt: string, data: InputEventOf<T>['data']): InputEventOf<T> {
      return { eventId: nextId(), type, schemaVersion: 1, occurredAt, source: SOURCES[type], data } as InputEventOf<T>;
    },
  };
}

export type EventFactory = ReturnType<typeof createEventFactory>;
