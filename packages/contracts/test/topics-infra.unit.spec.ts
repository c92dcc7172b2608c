import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { TOPICS } from '../src';

it('infra/kafka/topics.txt defines every topic of the contract, dealer-scoped ones co-partitioned', () => {
  const rows = readFileSync(join(import.meta.dirname, '../../../infra/kafka/topics.txt'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('#'))
    .map((line) => line.trim().split(/\s+/));
  expect(rows.map(([topic]) => topic).sort()).toEqual(Object.values(TOPICS).sort());
  const partitions = new Set(rows.filter(([topic]) => topic !== TOPICS.reference).map(([, count]) => count));
  expect(partitions.size).toBe(1);
});
