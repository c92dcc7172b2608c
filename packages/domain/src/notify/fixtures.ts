import {
  dealerUpsertedData,
  OUTPUT_TOPIC,
  outputDataSchemas,
  type DealerProfile,
  type InputEvent,
  type OutputDataOf,
  type OutputEvent,
  type OutputType,
} from '@dealerflow/contracts';
import { z } from 'zod';
import type { AnyWorker, EmittedOutput } from '../pipeline';
import { createScenario } from '../testing';

/**
 * Test fixtures for the notify specs (not exported from the area): output envelopes built the way
 * the runtime builds them, checked against the contract, and dealer profiles.
 */

export function envelopeOf(emitted: EmittedOutput): OutputEvent {
  const { output } = emitted;
  return {
    eventId: `out-${emitted.worker}-${emitted.causedBy}-${emitted.ordinal}`,
    type: output.type,
    schemaVersion: 1,
    occurredAt: new Date(emitted.at).toISOString(),
    dealerId: emitted.dealerId,
    source: emitted.source,
    data: output.data,
    topic: OUTPUT_TOPIC[output.type],
  } as OutputEvent;
}

/** Runs real workers over input events and returns the output envelopes they published. */
export function createOutputScenario(workers: readonly AnyWorker[]) {
  const scenario = createScenario({ workers });
  return {
    feed(...events: InputEvent[]): OutputEvent[] {
      return events.flatMap((event) => scenario.pipeline.accept(event).outputs.map(envelopeOf));
    },
  };
}

/** One output envelope from a type and its data (validated by the contract). */
export function outputOf<T extends OutputType>(
  type: T,
  data: z.input<(typeof outputDataSchemas)[T]>,
  options: { eventId?: string; occurredAt?: string; dealerId?: string } = {},
): OutputEvent {
  return {
    eventId: options.eventId ?? `out-${type}`,
    type,
    schemaVersion: 1,
    occurredAt: options.occurredAt ?? '2026-04-02T03:00:00.000Z',
    dealerId: options.dealerId ?? 'D-1',
    source: 'test',
    data: outputDataSchemas[type].parse(data) as OutputDataOf<T>,
    topic: OUTPUT_TOPIC[type],
  } as OutputEvent;
}

export function dealerProfile(overrides: Partial<z.input<typeof dealerUpsertedData>> = {}): DealerProfile {
  return dealerUpsertedData.parse({
    name: 'Huadong Motors',
    tier: 'A',
    region: 'East',
    locale: 'en',
    timezone: 'Asia/Shanghai',
    currency: 'CNY',
    creditLimit: 100_000,
    paymentTerms: { netDays: 30 },
    contacts: { email: 'buyer@huadong.example', webhookUrl: 'https://hooks.huadong.example/dealerflow' },
    ...overrides,
  });
}

export function stockAlertData(sku: string, overrides: Partial<OutputDataOf<'stock.alert.raised'>> = {}): OutputDataOf<'stock.alert.raised'> {
  return {
    alertId: `D-1/${sku}/stockout/1`,
    sku,
    kind: 'stockout',
    severity: 'critical',
    onHand: 0,
    inTransit: 0,
    onOrder: 0,
    avgDailySales: 2.5,
    daysOfCover: 0,
    reorderPoint: 25,
    suggestedOrderQty: 40,
    causedBy: 'stock-report-1',
    ...overrides,
  };
}

/** A daily digest as the stock worker issues it: one new low stock, one overstock still open. */
export function dailyDigestData(): OutputDataOf<'stock.alerts.summarised'> {
  const { causedBy: _low, ...low } = stockAlertData('A', {
    alertId: 'D-1/A/low_stock/2',
    kind: 'low_stock',
    severity: 'medium',
    onHand: 6,
    daysOfCover: 2.4,
    suggestedOrderQty: 40,
    projectedStockoutDate: '2026-04-04',
    arrivals: [{ source: 'in_transit', ref: 'SH-7', qty: 12, expectedDate: '2026-04-03' }],
  });
  const { causedBy: _over, ...over } = stockAlertData('B', {
    alertId: 'D-1/B/overstock/1',
    kind: 'overstock',
    severity: 'low',
    onHand: 400,
    avgDailySales: 2,
    daysOfCover: 200,
    reorderPoint: 20,
    suggestedOrderQty: 0,
    projectedStockoutDate: '2026-10-19',
    arrivals: [],
  });
  return {
    summaryId: 'D-1/daily/2026-04-02',
    reason: 'daily',
    date: '2026-04-02',
    counts: { stockout: 0, low_stock: 1, overstock: 1 },
    alerts: [
      { ...low, status: 'new' },
      { ...over, status: 'open' },
    ],
    causedBy: 'tick-1',
  };
}
