import { describe, expect, it } from 'vitest';
import { partitionOfDealer } from '@dealerflow/runtime';
import { outputMessage, rowsToPublish, rowsWithinBytes } from '../src';

const at = (ms: number) => new Date(Date.UTC(2026, 3, 1, 8, 0, 0, ms));
const row = (seq: number, taskId: string, ms: number) => ({ seq, taskId, createdAt: at(ms) });

describe('the output relay', () => {
  it('keys a record by its dealer and puts it in the dealer’s partition, as the input relay does; one without a dealer in partition 0', () => {
    const line = '{"eventId":"x"}';
    expect(outputMessage({ topic: 'dealer.credit.v1', dealerId: 'D-7', line }, 12)).toEqual({ key: 'D-7', value: line, partition: partitionOfDealer('D-7', 12) });
    expect(outputMessage({ topic: 'dealer.dead-letter.v1', dealerId: null, line }, 12)).toEqual({ key: null, value: line, partition: 0 });
  });

  it('leaves a full read’s last commit for the next read, whole, wherever its rows are in the read', () => {
    const rows = [row(1, 'stock/0', 1), row(2, 'stock/1', 2), row(3, 'stock/0', 3), row(4, 'stock/1', 2), row(5, 'stock/0', 3)];
    expect(rowsToPublish(rows, true).map((r) => r.seq)).toEqual([1, 2, 4]);
    expect(rowsToPublish(rows, false).map((r) => r.seq)).toEqual([1, 2, 3, 4, 5]);
  });

  it('publishes a read that one commit fills', () => {
    const rows = [row(1, 'stock/0', 1), row(2, 'stock/0', 1)];
    expect(rowsToPublish(rows, true).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('keeps a send under a byte budget, so a partition’s batch stays below the broker’s message.max.bytes; a row alone is always sent', () => {
    const lines = [{ line: 'a'.repeat(400) }, { line: 'é'.repeat(200) }, { line: 'b'.repeat(300) }];
    expect(rowsWithinBytes(lines, 1_000)).toEqual(lines.slice(0, 2));
    expect(rowsWithinBytes(lines, 1_100)).toEqual(lines);
    expect(rowsWithinBytes(lines, 100)).toEqual(lines.slice(0, 1));
  });
});
