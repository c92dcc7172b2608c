import type { SqlExecutor } from '@dealerflow/db';
import { DatabaseUnreachableError } from '@dealerflow/runtime';
import { describe, expect, it } from 'vitest';
import { createRelayHealth } from '../src/start/relayHealth';

/** A database whose answers the test decides, counting the queries it gets. */
function fakeDatabase() {
  let answer: () => Promise<unknown[]> = async () => [];
  let queries = 0;
  const sql = {
    query: () => {
      queries += 1;
      return answer();
    },
  } as unknown as SqlExecutor;
  return {
    sql,
    queries: () => queries,
    answers(head: bigint | null, relayed: bigint | null) {
      answer = async () => [{ head, relayed }];
    },
    hangs() {
      answer = () => new Promise(() => undefined);
    },
  };
}

function relayHealth() {
  const database = fakeDatabase();
  const relay = { at: undefined as number | undefined, through: undefined as bigint | undefined };
  let clock = Date.parse('2026-04-02T09:00:00Z');
  const health = createRelayHealth({
    sql: database.sql,
    relay: { latest: () => relay.at, relayed: () => relay.through },
    refreshMs: 3_600_000,
    unreachableAfterMs: 30_000,
    now: () => clock,
  });
  return { database, relay, health, advance: (ms: number) => (clock += ms), at: () => new Date(clock).toISOString() };
}

describe('/healthz of dealerflow start on Kafka', () => {
  it('answers from memory: the head from ingest commits, the position from the relay, no query per probe', async () => {
    const { database, relay, health, at } = relayHealth();
    try {
      database.answers(10n, 4n);
      await health.refresh();
      const asked = database.queries();
      expect(await health.check()).toEqual({ watermark: null, lag: { 'input-relay': 6 }, lastDatabaseContact: at() });
      health.appended(25n);
      relay.through = 20n;
      relay.at = Date.parse('2026-03-01T12:00:00Z');
      expect(await health.check()).toEqual({ watermark: '2026-03-01T12:00:00.000Z', lag: { 'input-relay': 5 }, lastDatabaseContact: at() });
      relay.through = 25n;
      expect((await health.check()).lag).toEqual({ 'input-relay': 0 });
      expect(database.queries()).toBe(asked);
    } finally {
      health.stop();
    }
  });

  it('answers while the database hangs, and says it is unreachable only after 30 s without an answer', async () => {
    const { database, health, advance } = relayHealth();
    try {
      database.answers(3n, 3n);
      await health.refresh();
      database.hangs();
      void health.refresh();
      advance(29_000);
      expect((await health.check()).lag).toEqual({ 'input-relay': 0 });
      health.appended(null);
      advance(29_000);
      expect((await health.check()).lag).toEqual({ 'input-relay': 0 });
      advance(1_000);
      await expect(health.check()).rejects.toBeInstanceOf(DatabaseUnreachableError);
    } finally {
      health.stop();
    }
  });
});
