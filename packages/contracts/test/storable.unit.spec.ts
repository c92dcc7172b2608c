import { describe, expect, it } from 'vitest';
import {
  DEEPER_THAN_LIMIT,
  findUnstorableParts,
  isStorableValue,
  MAX_NESTING_DEPTH,
  parseInputLine,
  parseInputValue,
  toStorableRaw,
} from '../src';
import { readExample, type ExampleJson } from '../src/examples';

function order(change: (event: ExampleJson) => void = () => {}): ExampleJson {
  const event = readExample('order.placed');
  change(event);
  return event;
}

function reasonOf(value: unknown): string {
  const result = parseInputValue(value);
  return result.ok ? 'accepted' : result.reason;
}

/** `{"a":{"a":…}}` `levels` objects deep, as text (JSON.parse builds it without recursion). */
function nestedText(levels: number): string {
  return `${'{"a":'.repeat(levels - 1)}{}${'}'.repeat(levels - 1)}`;
}

describe('what the store cannot keep is refused, naming the place', () => {
  it('U+0000 in the eventId, the dealerId or a field of data', () => {
    expect(reasonOf(order((e) => (e.eventId = 'ord-\u0000')))).toBe('eventId: contains U+0000');
    expect(reasonOf(order((e) => (e.dealerId = 'D-\u00001')))).toBe('dealerId: contains U+0000');
    expect(reasonOf(order((e) => (e.data.lines[0].sku = 'SKU\u0000')))).toBe('data.lines.0.sku: contains U+0000');
  });

  it('a lone surrogate, high or low; a pair (an emoji) is fine', () => {
    expect(reasonOf(order((e) => (e.eventId = 'ord-1\ud800')))).toBe('eventId: contains a lone surrogate (U+D800)');
    expect(reasonOf(order((e) => (e.eventId = 'ord-1\udfff')))).toBe('eventId: contains a lone surrogate (U+DFFF)');
    expect(reasonOf(order((e) => (e.data.lines[0].sku = '\udc00x\ud83d\ude00')))).toBe('data.lines.0.sku: contains a lone surrogate (U+DC00)');
    expect(reasonOf(order((e) => (e.data.lines[0].sku = 'SKU-\ud83d\ude00')))).toBe('accepted');
  });

  it('in a field name, even one the contract drops', () => {
    expect(reasonOf(order((e) => (e.data['x\u0000y'] = 1)))).toBe('data."x\\u0000y": the field name contains U+0000');
    expect(reasonOf(order((e) => (e['\ud800'] = 1)))).toBe('"\\ud800": the field name contains a lone surrogate (U+D800)');
  });

  it('lists every place in document order, at most ten, and counts the rest', () => {
    const many = order((e) => {
      e.eventId = 'a\u0000';
      e.data.lines = Array.from({ length: 12 }, (_, i) => ({ sku: `s\u0000${i}`, qty: 1, unitPrice: 1 }));
    });
    const reason = reasonOf(many);
    expect(reason.split('; ').slice(0, 3)).toEqual(['eventId: contains U+0000', 'data.lines.0.sku: contains U+0000', 'data.lines.1.sku: contains U+0000']);
    expect(reason).toMatch(/; and 3 more$/);
  });

  it(`nesting deeper than ${MAX_NESTING_DEPTH} levels, even 100,000 deep, without overflowing the stack`, () => {
    const line = (levels: number) => `{"eventId":"x","type":"clock.tick","schemaVersion":1,"occurredAt":"2026-04-01T00:00:00Z","data":${nestedText(levels)}}`;
    // The envelope is level 1, data level 2.
    expect(parseInputLine(line(MAX_NESTING_DEPTH - 1)).ok).toBe(true);
    for (const levels of [MAX_NESTING_DEPTH, 5_000, 100_000]) {
      const result = parseInputLine(line(levels));
      expect(result.ok).toBe(false);
      if (result.ok) continue;
      expect(result.reason).toBe(`data.a.a.a.….a.a: nested deeper than ${MAX_NESTING_DEPTH} levels`);
      expect(result.topic).toBe('dealer.clock.v1');
      // What the dead letter keeps can be serialized, cut at the limit.
      const kept = JSON.stringify(result.raw);
      expect(kept).toContain(JSON.stringify(DEEPER_THAN_LIMIT));
      expect(kept.length).toBeLessThan(400);
    }
  });

  it('a whole value that is deep, or a string, in a JSON array body', () => {
    const deep = JSON.parse(`[${nestedText(5_000)}]`);
    expect(reasonOf(deep)).toBe(`0.a.a.a.….a.a: nested deeper than ${MAX_NESTING_DEPTH} levels`);
    expect(reasonOf('x\u0000')).toBe('the input: contains U+0000');
  });
});

describe('the quick test and the one that names places agree', () => {
  it.each([
    ['an example', order()],
    ['U+0000 deep inside', order((e) => (e.data.lines[0].sku = 'a\u0000'))],
    ['a lone surrogate in a key', order((e) => (e.data['\udc00'] = 1))],
    ['an emoji', order((e) => (e.data.lines[0].sku = '\ud83d\ude00'))],
    ['exactly the deepest allowed', JSON.parse(nestedText(MAX_NESTING_DEPTH))],
    ['one level deeper', JSON.parse(nestedText(MAX_NESTING_DEPTH + 1))],
    ['a deep array', JSON.parse(`${'['.repeat(40)}${']'.repeat(40)}`)],
    ['a scalar', 'x\u0000'],
  ])('%s', (_case, value) => {
    expect(isStorableValue(value)).toBe(findUnstorableParts(value).length === 0);
  });
});

describe('a reason stays short whatever was sent', () => {
  it('quotes an unknown type up to 64 characters, and names an object or array instead of quoting it', () => {
    expect(reasonOf(order((e) => (e.type = 'x'.repeat(100_000))))).toBe(`type: unknown event type "${'x'.repeat(64)}…"`);
    expect(reasonOf(order((e) => (e.type = { a: { b: 1 } })))).toBe('type: unknown event type (an object)');
    expect(reasonOf(order((e) => (e.type = 42)))).toBe('type: unknown event type 42');
  });
});

describe('the dead letter keeps a copy every reader can take', () => {
  it('lone surrogates become U+FFFD; U+0000 stays (JSON writes it \\u0000); a "__proto__" key stays a field', () => {
    const raw = toStorableRaw(JSON.parse('{"eventId":"a\\ud800","dealerId":"d\\u0000","__proto__":{"x":1},"k\\udfff":[1,"\\udc00"]}'));
    expect(JSON.stringify(raw)).toBe('{"eventId":"a\ufffd","dealerId":"d\\u0000","__proto__":{"x":1},"k\ufffd":[1,"\ufffd"]}');
  });

  it('a line that is not JSON keeps its text, and the reason quotes nothing unstorable', () => {
    const result = parseInputLine('{"eventId":\u0000"\ud800');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.raw).toBe('{"eventId":\u0000"\ufffd');
    expect(result.reason).toMatch(/^invalid JSON: /);
    expect(result.reason).not.toMatch(/[\u0000\ud800-\udfff]/);
  });
});

describe('occurredAt ahead of receivedAt (ingest.maxFutureSkewMinutes, default 15)', () => {
  const tick = (occurredAt: string, receivedAt?: string) =>
    JSON.stringify({ eventId: 't', type: 'clock.tick', schemaVersion: 1, occurredAt, ...(receivedAt ? { receivedAt } : {}), data: {} });

  it('the server stamps its time of ingest and refuses a tick from 2099', () => {
    const result = parseInputLine(tick('2099-01-01T00:00:00Z'), { receivedAt: '2026-04-01T08:00:00.000Z' });
    expect(result).toMatchObject({
      ok: false,
      reason: 'occurredAt: 2099-01-01T00:00:00Z is more than 15 minutes after receivedAt 2026-04-01T08:00:00.000Z (ingest.maxFutureSkewMinutes)',
      topic: 'dealer.clock.v1',
    });
  });

  it('takes 15 minutes ahead, not 15 minutes and a millisecond; the policy changes the tolerance', () => {
    const at = '2026-04-01T08:00:00.000Z';
    expect(parseInputLine(tick('2026-04-01T08:15:00.000Z'), { receivedAt: at }).ok).toBe(true);
    expect(parseInputLine(tick('2026-04-01T08:15:00.001Z'), { receivedAt: at }).ok).toBe(false);
    expect(parseInputLine(tick('2026-04-01T09:00:00Z'), { receivedAt: at, ingest: { maxFutureSkewMinutes: 60 } }).ok).toBe(true);
  });

  it("the server's time replaces the sender's receivedAt; a replay judges by the line's own, or not at all without one", () => {
    const stamped = parseInputLine(tick('2026-04-01T08:00:00Z', '2099-01-01T00:00:00Z'), { receivedAt: '2026-04-01T08:00:00.000Z' });
    expect(stamped.ok && stamped.event.receivedAt).toBe('2026-04-01T08:00:00.000Z');
    expect(parseInputLine(tick('2099-01-01T00:00:00Z', '2026-04-01T08:00:00Z')).ok).toBe(false);
    expect(parseInputLine(tick('2099-01-01T00:00:00Z')).ok).toBe(true);
  });

  it('a receivedAt that is not a timestamp is refused like any field', () => {
    expect(parseInputLine(tick('2026-04-01T08:00:00Z', 'yesterday')).ok).toBe(false);
  });
});

describe('timestamps PostgreSQL can store', () => {
  it('an offset beyond 14 hours is refused', () => {
    expect(reasonOf(order((e) => (e.occurredAt = '2026-04-02T09:15:00+16:00')))).toBe('occurredAt: expected an offset between -14:00 and +14:00');
    expect(reasonOf(order((e) => (e.occurredAt = '2026-04-02T09:15:00-14:00')))).toBe('accepted');
  });
});
