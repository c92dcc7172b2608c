import { describe, expect, it } from 'vitest';
import { createFetchedRecords, type FetchedEntry } from '../src/fetchedRecords';

const entries = (from: number, to: number, skip: readonly number[] = []): FetchedEntry<string>[] =>
  Array.from({ length: to - from }, (_, index) => from + index).map((offset) => ({ offset: BigInt(offset), event: skip.includes(offset) ? undefined : `e${offset}` }));

function twoPartitions() {
  const fetched = createFetchedRecords<string>();
  fetched.assign(['t:0', 't:1']);
  fetched.start('t:0', 10n);
  fetched.start('t:1', 0n);
  return fetched;
}

describe('the records a Kafka output consumer fetched and has not committed', () => {
  it('hands out the same batch until a commit moves past it, then what follows', () => {
    const fetched = twoPartitions();
    fetched.append('t:0', entries(10, 14), 14n);
    fetched.append('t:1', entries(0, 2), 2n);
    const first = fetched.take(5);
    expect(first.records.map((record) => record.event)).toEqual(['e10', 'e11', 'e12', 'e13', 'e0']);
    expect([first.read, first.truncated, first.end]).toEqual([5, true, { 't:0': '14', 't:1': '1' }]);
    expect(fetched.take(5).records.map((record) => record.event)).toEqual(first.records.map((record) => record.event));
    fetched.commit(fetched.changed(first.end));
    const next = fetched.take(5);
    expect(next.records.map((record) => `${record.partition}@${record.offset}`)).toEqual(['t:1@1']);
    expect([next.read, next.truncated, next.end]).toEqual([1, false, { 't:0': '14', 't:1': '2' }]);
  });

  it('counts records passed over as read, and moves the position past them', () => {
    const fetched = twoPartitions();
    fetched.append('t:1', entries(0, 4, [1, 2]), 4n);
    const batch = fetched.take(10);
    expect(batch.records.map((record) => record.event)).toEqual(['e0', 'e3']);
    expect([batch.read, batch.end['t:1']]).toEqual([4, '4']);
  });

  it('commits only positions that moved, of partitions it holds', () => {
    const fetched = twoPartitions();
    expect(fetched.changed({ 't:0': '10', 't:1': '3', 't:7': '5' })).toEqual([{ partition: 't:1', offset: 3n }]);
  });

  it('does not hold a record twice when a fetch overlaps what it has', () => {
    const fetched = twoPartitions();
    fetched.append('t:1', entries(0, 3), 3n);
    fetched.append('t:1', entries(2, 5), 5n);
    expect(fetched.take(10).records.map((record) => record.offset)).toEqual([0n, 1n, 2n, 3n, 4n]);
  });

  it('is caught up when every partition was fetched to the end offsets given; a new assignment drops what was held', () => {
    const fetched = twoPartitions();
    expect(fetched.caughtUp(new Map([['t:0', 10n], ['t:1', 0n]]))).toBe(true);
    expect(fetched.caughtUp(new Map([['t:0', 12n]]))).toBe(false);
    fetched.append('t:0', entries(10, 12), 12n);
    expect(fetched.caughtUp(new Map([['t:0', 12n]]))).toBe(true);
    fetched.assign(['t:0']);
    expect([fetched.ready(), fetched.total(), fetched.assigned()]).toEqual([false, 0, ['t:0']]);
  });

  it('rewound to a stored position, drops what it fetched and takes the fetch again from there, even below what it had', () => {
    const fetched = twoPartitions();
    fetched.append('t:0', entries(10, 14), 14n);
    fetched.rewind('t:0', 6n);
    expect(fetched.take(10).end['t:0']).toBe('6');
    fetched.append('t:0', entries(6, 9), 9n);
    expect(fetched.take(10).records.filter((record) => record.partition === 't:0').map((record) => record.offset)).toEqual([6n, 7n, 8n]);
  });

  it('knows which partitions have a position', () => {
    const fetched = createFetchedRecords<string>();
    fetched.assign(['t:0', 't:1']);
    fetched.rewind('t:1', 3n);
    expect([fetched.started('t:0'), fetched.started('t:1'), fetched.ready()]).toEqual([false, true, false]);
  });
});
