import { describe, expect, it } from 'vitest';
import { parseInputLine, parseInputValue, type InputType } from '../src';
import { readExample, type ExampleJson } from '../src/examples';

/** Parses a copy of an example after `change` and returns the rejection reason (or 'accepted'). */
function reasonFor(type: InputType, change: (event: ExampleJson) => void): string {
  const event = readExample(type);
  change(event);
  const result = parseInputValue(event);
  return result.ok ? 'accepted' : result.reason;
}

describe('the schemas reject what docs/contract/events.md rules out', () => {
  it('a date that does not exist', () => {
    expect(reasonFor('order.placed', (e) => (e.data.promisedDeliveryDate = '2026-02-30'))).toMatch(/^data\.promisedDeliveryDate: .*calendar date/);
  });

  it('a date in another format', () => {
    expect(reasonFor('invoice.issued', (e) => (e.data.dueDate = '12/05/2026'))).toMatch(/^data\.dueDate:/);
  });

  it('a timestamp without an offset', () => {
    expect(reasonFor('order.placed', (e) => (e.occurredAt = '2026-04-02T09:15:00'))).toMatch(/^occurredAt: .*offset/);
  });

  it('negative money', () => {
    expect(reasonFor('order.placed', (e) => (e.data.lines[0].unitPrice = -5))).toMatch(/^data\.lines\.0\.unitPrice: money must not be negative/);
  });

  it('a zero invoice amount', () => {
    expect(reasonFor('invoice.issued', (e) => (e.data.amount = 0))).toMatch(/^data\.amount:/);
  });

  it('money with more than 2 decimals', () => {
    expect(reasonFor('payment.received', (e) => (e.data.amount = 100.005))).toMatch(/^data\.amount: money has at most 2 decimals/);
  });

  it('accepts money with exactly 2 decimals', () => {
    expect(reasonFor('payment.received', (e) => (e.data.amount = 1234.56))).toBe('accepted');
  });

  it('an order with no lines', () => {
    expect(reasonFor('order.placed', (e) => (e.data.lines = []))).toMatch(/^data\.lines: an order has at least one line/);
  });

  it('a line with zero quantity', () => {
    expect(reasonFor('order.placed', (e) => (e.data.lines[0].qty = 0))).toMatch(/^data\.lines\.0\.qty:/);
  });

  it('a fractional quantity', () => {
    expect(reasonFor('dealer.stock.reported', (e) => (e.data.items[0].onHand = 1.5))).toMatch(/^data\.items\.0\.onHand:/);
  });

  it('an unknown type', () => {
    expect(reasonFor('order.placed', (e) => (e.type = 'order.shipped'))).toBe('type: unknown event type "order.shipped"');
  });

  it('a missing type', () => {
    expect(reasonFor('order.placed', (e) => delete e.type)).toBe('type: required');
  });

  it('incremental tiers with a quantity basis', () => {
    expect(
      reasonFor('rebate.program.upserted', (e) => {
        e.data.method = 'incremental';
        e.data.basis = 'quantity';
      }),
    ).toBe('data.method: incremental tiers are allowed only with basis "amount"');
  });

  it('descending tiers', () => {
    expect(reasonFor('rebate.program.upserted', (e) => (e.data.tiers[2].threshold = 100))).toBe(
      'data.tiers.2.threshold: tier thresholds must be strictly ascending',
    );
  });

  it('a period that ends before it starts', () => {
    expect(reasonFor('rebate.program.upserted', (e) => (e.data.periodEnd = '2026-03-31'))).toBe('data.periodEnd: periodEnd is before periodStart');
  });

  it('a dealer-scoped event without a dealerId', () => {
    expect(reasonFor('payment.received', (e) => delete e.dealerId)).toMatch(/^dealerId:/);
  });

  it('another schema version', () => {
    expect(reasonFor('order.cancelled', (e) => (e.schemaVersion = 2))).toMatch(/^schemaVersion:/);
  });

  it('a manual hold without a note', () => {
    expect(
      reasonFor('credit.decision.recorded', (e) => {
        e.data.decision = 'hold';
        delete e.data.note;
      }),
    ).toBe('data.note: a manual hold needs a note saying why');
  });

  it('an unknown time zone and an unknown locale', () => {
    const reason = reasonFor('dealer.upserted', (e) => {
      e.data.timezone = 'Mars/Olympus';
      e.data.locale = 'fr';
    });
    expect(reason).toMatch(/data\.locale:/);
    expect(reason).toMatch(/data\.timezone: expected an IANA time zone/);
  });

  it('names every bad field at once', () => {
    const reason = reasonFor('order.placed', (e) => {
      e.eventId = '';
      e.data.lines[0].sku = '';
    });
    expect(reason.split('; ')).toHaveLength(2);
  });

  it('text that is not JSON, and JSON that is not an object', () => {
    const notJson = parseInputLine('{"eventId": "x",');
    expect(notJson.ok).toBe(false);
    expect(!notJson.ok && notJson.reason).toMatch(/^invalid JSON: /);
    expect(!notJson.ok && notJson.raw).toBe('{"eventId": "x",');
    const array = parseInputLine('[1,2]');
    expect(!array.ok && array.reason).toBe('expected a JSON object (an event envelope)');
  });

  it('ignores unknown extra fields', () => {
    const event = readExample('order.cancelled');
    event.extra = { anything: true };
    event.data.note = 'ignored';
    const result = parseInputValue(event);
    expect(result.ok && 'extra' in result.event).toBe(false);
  });
});
