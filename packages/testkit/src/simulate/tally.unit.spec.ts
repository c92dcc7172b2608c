import { describe, expect, it } from 'vitest';
import { generateStream } from './generateStream';
import { createEventTally } from './tally';

describe('createEventTally', () => {
  it('counts events by type in first-seen order', () => {
    const tally = createEventTally();
    for (const event of generateStream({ dealers: 2, skus: 3, days: 1 })) tally.add(event);
    expect(tally.counts['product.upserted']).toBe(3);
    expect(tally.counts['dealer.upserted']).toBe(2);
    expect(tally.counts['clock.tick']).toBe(1);
    expect(tally.total).toBe(Object.values(tally.counts).reduce((a, b) => a + b, 0));
    expect(tally.describe()).toMatch(/^product\.upserted 3, calendar\.holidays\.published 1, rebate\.program\.upserted 2, dealer\.upserted 2, /);
  });
});
