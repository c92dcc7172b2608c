import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INPUT_TOPIC, INPUT_TYPES, parseInputLine, TOPIC_INPUT_TYPES, TOPICS } from '../src';

const EXAMPLES_DIR = join(import.meta.dirname, '../../../../shared/contract/examples');
const examples = readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.json'));

describe('the contract examples', () => {
  it('cover every input type', () => {
    expect(examples.map((name) => name.replace(/\.json$/, '')).sort()).toEqual([...INPUT_TYPES].sort());
  });

  it.each(examples)('%s parses', (name) => {
    const result = parseInputLine(readFileSync(join(EXAMPLES_DIR, name), 'utf8'));
    expect(result.ok ? result.event.type : result.reason).toBe(name.replace(/\.json$/, ''));
  });

  it('fills in the defaults the contract names', () => {
    const product = parseInputLine(
      JSON.stringify({ eventId: 'p', type: 'product.upserted', schemaVersion: 1, occurredAt: '2026-03-01T08:00:00Z', data: { sku: 'S', name: 'n', category: 'c', unitPrice: 1 } }),
    );
    expect(product.ok && product.event.type === 'product.upserted' && product.event.data.packSize).toBe(1);
  });
});

describe('topics', () => {
  it('put every input type on the topic EVENTS.md names', () => {
    expect(INPUT_TOPIC['warehouse.stock.reported']).toBe('dealer.reference.v1');
    expect(INPUT_TOPIC['credit.decision.recorded']).toBe('dealer.finance.v1');
    expect(TOPIC_INPUT_TYPES[TOPICS.orders]).toEqual(['order.placed', 'order.amended', 'order.cancelled']);
  });
});
