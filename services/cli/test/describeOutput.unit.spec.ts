import { describe, expect, it } from 'vitest';
import { OUTPUT_TYPES, outputEvent, type OutputEvent } from '@dealerflow/contracts';
import { readExample } from '@dealerflow/contracts/examples';
import { describeOutput } from '../src/demo/describeOutput';

const parseOutput = (json: unknown) => outputEvent.parse(json) as OutputEvent;

describe('the demo line of an output', () => {
  it('tells a stock summary by its kind, date, counts and first alerts, not as raw JSON', () => {
    const line = describeOutput(parseOutput(readExample('stock.alerts.summarised')));
    expect(line).toBe(
      '2026-04-22  D-1001   stock.alerts.summarised daily digest of 2026-04-23: 0 stock-out(s), 1 low stock, 1 overstock — VLV-200 low_stock (new), FLT-310 overstock (open)',
    );
  });

  it('names at most three alerts of a summary and counts the rest', () => {
    const summary = readExample('stock.alerts.summarised');
    const alert = summary.data.alerts[0];
    summary.data.reason = 'opening';
    summary.data.alerts = ['A-1', 'A-2', 'A-3', 'A-4', 'A-5'].map((sku) => ({ ...alert, sku }));
    expect(describeOutput(parseOutput(summary))).toMatch(/opening summary of 2026-04-23: .* — A-1 low_stock \(new\), A-2 low_stock \(new\), A-3 low_stock \(new\), 2 more$/);
  });

  it('says every output type the demo can print in words, none as raw JSON', () => {
    const raw = OUTPUT_TYPES.filter((type) => !type.startsWith('notification.'))
      .map((type) => describeOutput(parseOutput(readExample(type))))
      .filter((line) => line.includes('{"'));
    expect(raw).toEqual([]);
  });
});
