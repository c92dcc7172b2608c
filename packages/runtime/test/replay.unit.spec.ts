import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputEvent } from '@dealerflow/contracts';
import { inputExamples } from '@dealerflow/contracts/examples';
import { replay, replayFile, ReplayFileError } from '../src';

/** The contract's input examples as NDJSON lines, in event time. */
function exampleStream(): string[] {
  return inputExamples().map((event) => JSON.stringify(event));
}

const BAD_LINES = [
  '{"eventId": "broken", ',
  JSON.stringify({ eventId: 'x-1', type: 'order.shipped', schemaVersion: 1, occurredAt: '2026-04-02T00:00:00Z', dealerId: 'D-1001', data: {} }),
  JSON.stringify({ eventId: 'x-2', type: 'order.placed', schemaVersion: 1, occurredAt: '2026-04-02T00:00:00Z', dealerId: 'D-1001', data: { orderId: 'O', warehouseId: 'W', lines: [], promisedDeliveryDate: '2026-04-09' } }),
];

async function replayToLines(lines: string[]): Promise<{ out: string[]; stats: Awaited<ReturnType<typeof replay>> }> {
  const out: string[] = [];
  const stats = await replay(lines, (line) => {
    out.push(line);
  });
  return { out, stats };
}

describe('replay', () => {
  it('dead-letters each bad line once, with its reason, and processes every good line', async () => {
    const good = exampleStream();
    const mixed = [good[0]!, BAD_LINES[0]!, ...good.slice(1, 5), BAD_LINES[1]!, ...good.slice(5), BAD_LINES[2]!];
    const { out, stats } = await replayToLines(mixed);
    expect(stats).toMatchObject({ lines: mixed.length, accepted: good.length, deadLettered: 3, duplicates: 0 });
    const deadLetters = out.map((line) => JSON.parse(line)).filter((output) => output.topic === 'dealer.dead-letter.v1');
    expect(deadLetters.map((letter) => letter.data.reason)).toEqual([
      expect.stringMatching(/^invalid JSON: /),
      'type: unknown event type "order.shipped"',
      'data.lines: an order has at least one line',
    ]);
    expect(deadLetters[0].data.raw).toBe(BAD_LINES[0]);
    expect(deadLetters[1].data.raw).toEqual(JSON.parse(BAD_LINES[1]!));
    expect(deadLetters[2].data.topic).toBe('dealer.orders.v1');
    expect(deadLetters[2].dealerId).toBe('D-1001');
    for (const line of out) expect(outputEvent.safeParse(JSON.parse(line)).success).toBe(true);
  });

  it('tells the line number and reason of each dead letter, and counts outputs by topic', async () => {
    const good = exampleStream();
    const mixed = [good[0]!, BAD_LINES[0]!, '', ...good.slice(1), BAD_LINES[1]!];
    const told: Array<[number, string]> = [];
    const out: string[] = [];
    const stats = await replay(mixed, (line) => void out.push(line), { onDeadLetter: (line, reason) => told.push([line, reason]) });
    expect(told).toEqual([
      [2, expect.stringMatching(/^invalid JSON/)],
      [mixed.length, 'type: unknown event type "order.shipped"'],
    ]);
    const written = new Map<string, number>();
    for (const { topic } of out.map((line) => JSON.parse(line))) written.set(topic, (written.get(topic) ?? 0) + 1);
    written.delete('dealer.dead-letter.v1');
    expect(stats.outputsByTopic).toEqual(Object.fromEntries(written));
    expect(Object.values(stats.outputsByTopic).reduce((sum, count) => sum + count, 0)).toBe(stats.outputs);
  });

  it('ignores a repeated eventId and skips blank lines', async () => {
    const good = exampleStream();
    const { stats } = await replayToLines([...good, '', '   ', good[3]!]);
    expect(stats).toMatchObject({ accepted: good.length, duplicates: 1, deadLettered: 0 });
  });

  it('gives byte-identical output for the same input', async () => {
    const lines = [...exampleStream(), ...BAD_LINES];
    const first = await replayToLines(lines);
    const second = await replayToLines(lines);
    expect(second.out.join('\n')).toBe(first.out.join('\n'));
  });
});

describe('replayFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dealerflow-replay-'));

  it('streams a file to a file, the same bytes each time', async () => {
    const input = join(dir, 'in.ndjson');
    writeFileSync(input, [...exampleStream(), ...BAD_LINES].join('\r\n'));
    await replayFile(input, join(dir, 'out-1.ndjson'));
    await replayFile(input, join(dir, 'out-2.ndjson'));
    const first = readFileSync(join(dir, 'out-1.ndjson'));
    expect(first.toString().split('\n').filter(Boolean).length).toBeGreaterThanOrEqual(BAD_LINES.length);
    expect(readFileSync(join(dir, 'out-2.ndjson')).equals(first)).toBe(true);
  });

  it('tells how much of the input it has read, up to the whole file', async () => {
    const input = join(dir, 'progress.ndjson');
    writeFileSync(input, exampleStream().join('\n'));
    const reads: Array<[number, number]> = [];
    await replayFile(input, join(dir, 'progress-out.ndjson'), { onRead: (read, total) => reads.push([read, total]) });
    const size = readFileSync(input).length;
    expect(reads.at(-1)).toEqual([size, size]);
    expect(reads.every(([read], index) => index === 0 || read > reads[index - 1]![0])).toBe(true);
  });

  it('says which file cannot be used', async () => {
    await expect(replayFile(join(dir, 'missing.ndjson'), join(dir, 'out.ndjson'))).rejects.toThrow(ReplayFileError);
    await expect(replayFile(dir, join(dir, 'out.ndjson'))).rejects.toThrow(/cannot read input .*directory/);
    writeFileSync(join(dir, 'ok.ndjson'), '');
    await expect(replayFile(join(dir, 'ok.ndjson'), join(dir, 'no/such/dir/out.ndjson'))).rejects.toThrow(/cannot write output/);
  });
});
