import { describe, expect, it } from 'vitest';
import {
  describeIssues,
  GLOBAL_INPUT_TYPES,
  INPUT_TOPIC,
  INPUT_TYPES,
  OUTPUT_TOPIC,
  OUTPUT_TYPES,
  outputEvent,
  parseInputLine,
  parseInputValue,
  TOPIC_INPUT_TYPES,
  TOPICS,
} from '../src';
import { exampleTypes, inputExamples, readExample } from '../src/examples';

describe('the contract examples (packages/contracts/examples)', () => {
  it('are exactly one per input and output type: none missing, none for a type that does not exist', () => {
    expect(exampleTypes()).toEqual([...INPUT_TYPES, ...OUTPUT_TYPES].sort());
  });

  it.each(INPUT_TYPES)('%s parses with its schema', (type) => {
    const result = parseInputValue(readExample(type));
    expect(result.ok ? result.event.type : result.reason).toBe(type);
  });

  it.each(OUTPUT_TYPES)('%s parses with its schema and names its topic', (type) => {
    const example = readExample(type);
    const result = outputEvent.safeParse(example);
    expect(result.success ? result.data.type : describeIssues(result.error.issues)).toBe(type);
    expect(example.topic).toBe(OUTPUT_TOPIC[type]);
  });

  it('carry a dealerId exactly when their type is dealer-scoped', () => {
    const global = new Set<string>(GLOBAL_INPUT_TYPES);
    for (const type of INPUT_TYPES) expect([type, 'dealerId' in readExample(type)]).toEqual([type, !global.has(type)]);
  });

  it('are a stream in event time, each eventId once', () => {
    const stream = inputExamples();
    const times = stream.map((event) => Date.parse(event.occurredAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(stream.map((event) => event.eventId)).size).toBe(INPUT_TYPES.length);
  });

  it('are copies: changing one does not change the next read', () => {
    readExample('order.placed').data.lines = [];
    expect(readExample('order.placed').data.lines).not.toEqual([]);
  });

  it('fills in the defaults the contract names', () => {
    const product = parseInputLine(
      JSON.stringify({ eventId: 'p', type: 'product.upserted', schemaVersion: 1, occurredAt: '2026-03-01T08:00:00Z', data: { sku: 'S', name: 'n', category: 'c', unitPrice: 1 } }),
    );
    expect(product.ok && product.event.type === 'product.upserted' && product.event.data.packSize).toBe(1);
  });
});

describe('topics', () => {
  it('put every input type on the topic docs/contract/events.md names', () => {
    expect(INPUT_TOPIC['warehouse.stock.reported']).toBe('dealer.reference.v1');
    expect(INPUT_TOPIC['credit.decision.recorded']).toBe('dealer.finance.v1');
    expect(TOPIC_INPUT_TYPES[TOPICS.orders]).toEqual(['order.placed', 'order.amended', 'order.cancelled']);
  });
});
