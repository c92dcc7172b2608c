import type { SqlExecutor } from '@dealerflow/db';
import { describe, expect, it } from 'vitest';
import { createHealthMonitor, DatabaseUnreachableError, type BatchCommitted } from '../src';

const WORKERS = ['credit', 'stock'];

/** A database whose next answers the test decides: rows, a failure, or no answer at all (a lock held). */
function fakeDatabase() {
  let answer: () => Promise<unknown[]> = async () => [];
  const sql = {
    query: () => answer(),
    exec: async () => undefined,
    copyFrom: async () => undefined,
  } as unknown as SqlExecutor;
  return {
    sql,
    answers(head: bigint | null, applied: bigint | null, watermark: string | null = null) {
      answer = async () => WORKERS.map((worker) => ({ worker, input_seq: applied, watermark: watermark === null ? null : new Date(watermark), head }));
    },
    fails(error: Error) {
      answer = () => Promise.reject(error);
    },
    hangs() {
      answer = () => new Promise(() => undefined);
    },
  };
}

function fakeRunner() {
  const listeners = new Set<(batch: BatchCommitted) => void>();
  let watermark: number | undefined;
  return {
    onCommitted(listener: (batch: BatchCommitted) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watermark: () => watermark,
    commit(lastSeq: bigint, at?: string) {
      if (at !== undefined) watermark = Date.parse(at);
      for (const listener of listeners) listener({ lastSeq, events: 1, outputs: 0 });
    },
  };
}

function monitor() {
  const database = fakeDatabase();
  const runner = fakeRunner();
  let clock = Date.parse('2026-04-02T09:00:00Z');
  const health = createHealthMonitor({ sql: database.sql, workers: WORKERS, runner, unreachableAfterMs: 30_000, refreshMs: 3_600_000, now: () => clock });
  return { database, runner, health, advance: (ms: number) => (clock += ms), at: () => new Date(clock).toISOString() };
}

describe('the health monitor', () => {
  it('answers from what it read and what was committed since, without asking the database', async () => {
    const { database, runner, health, advance, at } = monitor();
    try {
      database.answers(10n, 7n, '2026-03-01T00:00:00Z');
      await health.refresh();
      expect(await health.check()).toEqual({ watermark: '2026-03-01T00:00:00.000Z', lag: { credit: 3, stock: 3 }, lastDatabaseContact: at() });
      database.hangs();
      advance(1_000);
      health.appended(25n);
      expect((await health.check()).lag).toEqual({ credit: 18, stock: 18 });
      advance(1_000);
      runner.commit(25n, '2026-03-02T00:00:00Z');
      expect(await health.check()).toEqual({ watermark: '2026-03-02T00:00:00.000Z', lag: { credit: 0, stock: 0 }, lastDatabaseContact: at() });
      // An append that added nothing (all duplicates) still says the database answered, and moves nothing.
      advance(1_000);
      health.appended(null);
      expect(await health.check()).toMatchObject({ lag: { credit: 0, stock: 0 }, lastDatabaseContact: at() });
    } finally {
      health.stop();
    }
  });

  it('stays healthy while the database is slow to answer it but commits go through', async () => {
    const { database, runner, health, advance } = monitor();
    try {
      database.hangs();
      void health.refresh();
      for (let second = 0; second < 120; second += 10) {
        advance(10_000);
        runner.commit(BigInt(second + 1));
        await expect(health.check()).resolves.toMatchObject({ lag: { credit: 0, stock: 0 } });
      }
    } finally {
      health.stop();
    }
  });

  it('says the database is unreachable only once it has not answered for 30 s, and healthy again when it does', async () => {
    const { database, health, advance } = monitor();
    try {
      database.fails(new Error('connect ECONNREFUSED 127.0.0.1:5432'));
      advance(29_999);
      await health.refresh();
      await expect(health.check()).resolves.toMatchObject({ lag: { credit: 0, stock: 0 } });
      advance(1);
      await health.refresh();
      const refused = health.check();
      await expect(refused).rejects.toBeInstanceOf(DatabaseUnreachableError);
      await expect(refused).rejects.toThrow('the database has not answered for 30 s: connect ECONNREFUSED 127.0.0.1:5432');
      database.answers(4n, 4n);
      await health.refresh();
      await expect(health.check()).resolves.toMatchObject({ lag: { credit: 0, stock: 0 } });
    } finally {
      health.stop();
    }
  });

  it('counts a database that never answers (a hung connection) as unreachable after 30 s too', async () => {
    const { database, health, advance } = monitor();
    try {
      database.hangs();
      void health.refresh();
      advance(30_000);
      await expect(health.check()).rejects.toThrow('the database has not answered for 30 s');
    } finally {
      health.stop();
    }
  });
});
