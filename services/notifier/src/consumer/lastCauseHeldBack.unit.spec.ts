import { describe, expect, it } from 'vitest';
import type { OutputEvent } from '@dealerflow/contracts';
import type { SourceBatch, SourceRecord } from '@dealerflow/runtime';
import { lastCauseHeldBack } from './lastCauseHeldBack';

function record(id: string, cause: string, partition = 'output_log', offset = Number(id.slice(1))): SourceRecord<OutputEvent> {
  const event = { eventId: id, type: 'stock.alert.raised', dealerId: 'D-1', data: { causedBy: cause } } as unknown as OutputEvent;
  return { event, partition, offset: BigInt(offset) };
}

function batch(records: SourceRecord<OutputEvent>[], truncated: boolean): SourceBatch<OutputEvent> {
  return { records, read: records.length, truncated, end: {} };
}

describe('lastCauseHeldBack', () => {
  it('holds back the last input event’s outputs when the batch stopped at its size', () => {
    const held = lastCauseHeldBack(batch([record('o1', 'in-1'), record('o2', 'in-2'), record('o3', 'in-2')], true));
    expect([...held]).toEqual(['o2', 'o3']);
  });

  it('holds back nothing when the batch ended by itself, or when one event’s outputs are the whole batch', () => {
    expect(lastCauseHeldBack(batch([record('o1', 'in-1'), record('o2', 'in-2')], false)).size).toBe(0);
    expect(lastCauseHeldBack(batch([record('o1', 'in-2'), record('o2', 'in-2')], true)).size).toBe(0);
  });

  it('on a partitioned source, holds back only in the last record’s partition, from the event’s first output there', () => {
    const records = [
      record('a1', 'in-9', 'dealer.stock-alerts.v1:0', 1),
      record('b1', 'in-2', 'dealer.stock-alerts.v1:1', 1),
      record('b2', 'in-3', 'dealer.stock-alerts.v1:1', 2),
      record('b3', 'in-3', 'dealer.stock-alerts.v1:1', 3),
    ];
    expect([...lastCauseHeldBack(batch(records, true))]).toEqual(['b2', 'b3']);
    // The last partition holds only that event's outputs: held back, while the other partition goes on.
    expect([...lastCauseHeldBack(batch(records.filter((each) => each.event.eventId !== 'b1'), true))]).toEqual(['b2', 'b3']);
  });
});
