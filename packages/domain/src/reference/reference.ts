import type { InputEventOf, Product, RebateProgram } from '@dealerflow/contracts';
import { instantOf } from '../calendar';
import { recordFxRate, type FxRates } from './fxRates';

/** One reading of a warehouse's available stock of a SKU, from `warehouse.stock.reported`. */
export interface AvailabilityReading {
  /** Epoch ms of the report. */
  at: number;
  available: number;
}

export interface ProgramEntry {
  /** The dealer the program applies to, or `"*"` for all dealers. */
  dealerId: string;
  program: RebateProgram;
  /** Epoch ms of the upsert that set this version. */
  updatedAt: number;
}

/**
 * The global tables every worker reads in full, whatever dealers it owns: products, rebate
 * programs and warehouse availability. Warehouse availability keeps its history (only the
 * readings that changed a value) because lateness is explained by what was available *then*.
 */
export interface ReferenceTables {
  products: Map<string, Product>;
  programs: Map<string, ProgramEntry>;
  /** warehouseId → sku → readings in report order. */
  availability: Map<string, Map<string, AvailabilityReading[]>>;
  /** calendarId → the working calendar as last published (`calendar.holidays.published`). */
  calendars: Map<string, WorkingCalendar>;
  /** Published exchange rates by pair (`fx.rate.published`, fxRates.ts). */
  fxRates: FxRates;
}

/** A published working calendar (see workingCalendar.ts for the days off it gives a warehouse). */
export type WorkingCalendar = InputEventOf<'calendar.holidays.published'>['data'];

export type ReferenceEvent = InputEventOf<'product.upserted' | 'rebate.program.upserted' | 'warehouse.stock.reported' | 'calendar.holidays.published' | 'fx.rate.published' | 'sales.totals.published'>;

export function createReferenceTables(): ReferenceTables {
  return { products: new Map(), programs: new Map(), availability: new Map(), calendars: new Map(), fxRates: new Map() };
}

export function isReferenceEvent(event: { type: string }): event is ReferenceEvent {
  return (
    event.type === 'product.upserted' ||
    event.type === 'rebate.program.upserted' ||
    event.type === 'warehouse.stock.reported' ||
    event.type === 'calendar.holidays.published' ||
    event.type === 'fx.rate.published' ||
    event.type === 'sales.totals.published'
  );
}

/** Applies a reference event to the tables (in place: the tables are shared by every worker). */
export function applyReferenceEvent(tables: ReferenceTables, event: ReferenceEvent): void {
  switch (event.type) {
    case 'product.upserted':
      tables.products.set(event.data.sku, event.data);
      return;
    case 'rebate.program.upserted':
      tables.programs.set(event.data.programId, {
        dealerId: event.dealerId,
        program: event.data,
        updatedAt: instantOf(event.occurredAt),
      });
      return;
    case 'warehouse.stock.reported':
      recordAvailability(tables, event);
      return;
    case 'calendar.holidays.published':
      tables.calendars.set(event.data.calendarId, event.data);
      return;
    case 'fx.rate.published':
      recordFxRate(tables.fxRates, event);
      return;
    case 'sales.totals.published':
      // No table: a month's totals are decided on when they arrive (the rebate worker's tier suggestion).
      return;
    default: {
      const unexpected: never = event;
      throw new Error(`not a reference event: ${(unexpected as { type: string }).type}`);
    }
  }
}

function recordAvailability(tables: ReferenceTables, event: InputEventOf<'warehouse.stock.reported'>): void {
  const at = instantOf(event.occurredAt);
  let bySku = tables.availability.get(event.data.warehouseId);
  if (!bySku) {
    bySku = new Map();
    tables.availability.set(event.data.warehouseId, bySku);
  }
  for (const item of event.data.items) {
    let readings = bySku.get(item.sku);
    if (!readings) {
      readings = [];
      bySku.set(item.sku, readings);
    }
    const last = readings[readings.length - 1];
    if (last && last.available === item.available) continue;
    if (last && at < last.at) {
      // A late report: keep the history ordered by time so span queries stay correct.
      const index = readings.findIndex((reading) => reading.at > at);
      readings.splice(index, 0, { at, available: item.available });
      continue;
    }
    readings.push({ at, available: item.available });
  }
}

/** The available stock of a SKU in a warehouse as last reported at or before `at`; undefined if never reported. */
export function availableAt(tables: ReferenceTables, warehouseId: string, sku: string, at: number): number | undefined {
  const readings = tables.availability.get(warehouseId)?.get(sku);
  if (!readings) return undefined;
  let found: number | undefined;
  for (const reading of readings) {
    if (reading.at > at) break;
    found = reading.available;
  }
  return found;
}

/** Readings of a SKU in a warehouse, in time order (empty when never reported). */
export function availabilityHistory(tables: ReferenceTables, warehouseId: string, sku: string): readonly AvailabilityReading[] {
  return tables.availability.get(warehouseId)?.get(sku) ?? [];
}

