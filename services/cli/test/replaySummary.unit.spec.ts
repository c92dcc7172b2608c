import { describe, expect, it } from 'vitest';
import type { ReplayStats } from '@dealerflow/runtime';
import { createDeadLetterLines } from '../src/replay/deadLetterLines';
import { formatReplaySummary } from '../src/replay/formatReplaySummary';

const files = { input: 'in.ndjson', output: 'out.ndjson' };

function stats(deadLettered: number): ReplayStats {
  return {
    lines: 100 + deadLettered,
    accepted: 98,
    duplicates: 2,
    deadLettered,
    outputs: 7,
    outputsByTopic: { 'dealer.stock-alerts.v1': 5, 'dealer.credit.v1': 2 },
  };
}

describe('the replay summary', () => {
  it('counts lines, outputs per topic and names each dead-lettered line with its reason', () => {
    const deadLetters = createDeadLetterLines();
    deadLetters.add(4, 'invalid JSON: Unexpected token');
    deadLetters.add(17, 'type: unknown event type "nope"');
    expect(formatReplaySummary(stats(2), deadLetters, files)).toBe(
      'replayed 102 lines of in.ndjson: 98 events applied, 2 duplicates ignored, 2 dead-lettered\n' +
        'wrote 9 lines to out.ndjson:\n' +
        '  dealer.credit.v1                2\n' +
        '  dealer.stock-alerts.v1          5\n' +
        '  dealer.dead-letter.v1           2\n' +
        'dead-lettered lines of in.ndjson (each a dead letter with its reason in out.ndjson):\n' +
        '  line 4: invalid JSON: Unexpected token\n' +
        '  line 17: type: unknown event type "nope"\n',
    );
  });

  it('says one line, one event and one duplicate in the singular', () => {
    const one: ReplayStats = { lines: 1, accepted: 1, duplicates: 1, deadLettered: 0, outputs: 1, outputsByTopic: { 'dealer.credit.v1': 1 } };
    expect(formatReplaySummary(one, createDeadLetterLines(), files)).toMatch(/^replayed 1 line of in\.ndjson: 1 event applied, 1 duplicate ignored, 0 dead-lettered\nwrote 1 line to out\.ndjson:\n/);
  });

  it('names the first 20 dead-lettered lines and counts the rest', () => {
    const deadLetters = createDeadLetterLines();
    for (let line = 1; line <= 25; line += 1) deadLetters.add(line * 10, `reason ${line}`);
    const summary = formatReplaySummary(stats(25), deadLetters, files);
    expect(summary.match(/^ {2}line \d+:/gm)).toHaveLength(20);
    expect(summary).toMatch(/ {2}line 200: reason 20\n {2}and 5 more\n$/);
    expect(summary).not.toContain('line 210');
  });

  it('shortens a long reason to one line', () => {
    const deadLetters = createDeadLetterLines();
    deadLetters.add(3, `data: ${'x'.repeat(300)}\nsecond line`);
    const line = formatReplaySummary(stats(1), deadLetters, files).split('\n').find((text) => text.startsWith('  line 3:'))!;
    expect(line.length).toBeLessThanOrEqual(2 + 'line 3: '.length + 120);
    expect(line.endsWith('…')).toBe(true);
  });
});
