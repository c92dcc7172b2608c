import { afterAll, describe, expect, it } from 'vitest';
import type { InputEvent, OutputEvent } from '@dealerflow/contracts';
import { openDatabase, type Database, type SqlClient, type SqlExecutor } from '@dealerflow/db';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { WORKERS } from '@dealerflow/domain';
import { generateStream } from '@dealerflow/testkit';
import { requireServer } from '@dealerflow/testkit/testing';
import { replay } from '../src';
import { createMemoryTaskStore, createPartitionTask, createPostgresTaskStore, type TaskStore } from '../src/task';

/**
 * The conformance suite of the TaskStore port (src/task/taskStore.ts): every adapter — in memory,
 * PGlite, PostgreSQL — keeps the same promise. PostgreSQL: DATABASE_URL when set, else the local
 * server; when none answers, the suite fails under CI and reports that adapter skipped elsewhere.
 */

interface Adapter {
  name: string;
  skip: string | false;
  /** Whether `failNextSnapshot` exists: a commit in memory has no step that can fail. */
  faults: boolean;
  open(): Promise<OpenedStore>;
}

interface OpenedStore {
  store: TaskStore;
  /** Every output the store kept, in the order it kept them. */
  outputs(): Promise<OutputEvent[]>;
  /** Makes the next commit fail after it wrote its outputs and before its snapshot (absent: the adapter has no such step). */
  failNextSnapshot?: () => void;
}

class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

/** A SqlClient whose transactions fail at their write to task_snapshot while `armed`. */
function faultyClient(sql: SqlClient): { client: SqlClient; arm(): void } {
  let armed = false;
  const guard = (executor: SqlExecutor): SqlExecutor => ({
    ...executor,
    async query(text, params) {
      if (armed && text.includes('INSERT INTO task_snapshot')) {
        armed = false;
        throw new InjectedFault('the snapshot write failed');
      }
      return executor.query(text, params);
    },
  });
  return {
    client: { ...sql, transaction: (fn) => sql.transaction((tx) => fn(guard(tx))) },
    arm: () => {
      armed = true;
    },
  };
}

const opened: Database[] = [];
const scratch: ScratchDatabase[] = [];
afterAll(async () => {
  await Promise.all(opened.map((database) => database.close()));
  await Promise.all(scratch.map((database) => database.drop()));
});

async function sqlStore(open: () => Promise<Database>): Promise<OpenedStore> {
  const database = await open();
  opened.push(database);
  const faulty = faultyClient(database.sql);
  return {
    store: createPostgresTaskStore(faulty.client),
    async outputs() {
      const rows = await database.sql.query<{ line: string }>(`SELECT line FROM task_outbox ORDER BY seq`);
      return rows.map((row) => JSON.parse(row.line) as OutputEvent);
    },
    failNextSnapshot: faulty.arm,
  };
}

const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const adapters: Adapter[] = [
  {
    name: 'memory',
    skip: false,
    faults: false,
    async open() {
      const store = createMemoryTaskStore();
      return { store, outputs: async () => [...store.outputs()] };
    },
  },
  { name: 'PGlite', skip: false, faults: true, open: () => sqlStore(() => openDatabase()) },
  {
    name: `PostgreSQL at ${postgres.serverUrl}`,
    skip: requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres),
    faults: true,
    open: () =>
      sqlStore(async () => {
        const database = await createScratchDatabase(postgres.serverUrl);
        scratch.push(database);
        return openDatabase({ databaseUrl: database.url });
      }),
  },
];

function output(id: string, dealerId = 'D-1', text = 'first'): OutputEvent {
  return {
    eventId: id,
    type: 'stock.alert.raised',
    schemaVersion: 1,
    occurredAt: '2026-04-02T09:00:00.000Z',
    dealerId,
    source: 'dealerflow-stock',
    topic: 'dealer.stock-alerts.v1',
    data: { text },
  } as unknown as OutputEvent;
}

const ids = (outputs: readonly OutputEvent[]) => outputs.map((kept) => kept.eventId);

describe.each(adapters)('the task store in $name', (adapter) => {
  const test = it.skipIf(adapter.skip);
  const skipped = adapter.skip ? ` — skipped: ${adapter.skip}` : '';

  test(`has no snapshot for a task that never took one${skipped}`, async () => {
    const { store } = await adapter.open();
    expect(await store.load('credit/0')).toBeUndefined();
    await store.commit('credit/0', { outputs: [output('a')], applied: { 'dealer.orders.v1:0': '5' } });
    expect(await store.load('credit/0')).toBeUndefined();
  });

  test('keeps outputs once by eventId across commits, the first version, in commit order', async () => {
    const { store, outputs } = await adapter.open();
    await store.commit('stock/0', { outputs: [output('a'), output('b')], applied: { 'dealer.orders.v1:0': '2' } });
    await store.commit('stock/0', { outputs: [output('b', 'D-1', 'again'), output('c'), output('c')], applied: { 'dealer.orders.v1:0': '4' } });
    // Another task re-emitting an id (an output id names its cause, not its task) is dropped as well.
    await store.commit('stock/1', { outputs: [output('a', 'D-1', 'other task'), output('d', 'D-2')], applied: {} });
    const kept = await outputs();
    expect(ids(kept)).toEqual(['a', 'b', 'c', 'd']);
    expect(kept.find((one) => one.eventId === 'b')).toEqual(output('b'));
    expect(kept.find((one) => one.eventId === 'a')).toEqual(output('a'));
  });

  test('loads the latest snapshot with its positions; commits without one leave it as it is', async () => {
    const { store } = await adapter.open();
    await store.commit('rebates/3', { outputs: [], applied: { 'dealer.orders.v1:3': '10' }, snapshot: { positions: { 'dealer.orders.v1:3': '10' }, state: ['{"v":1}'] } });
    await store.commit('rebates/3', {
      outputs: [],
      applied: { 'dealer.orders.v1:3': '20', 'dealer.reference.v1:0': '7' },
      snapshot: { positions: { 'dealer.orders.v1:3': '20', 'dealer.reference.v1:0': '7' }, state: ['{"v":2}'] },
    });
    await store.commit('rebates/3', { outputs: [output('x')], applied: { 'dealer.orders.v1:3': '31', 'dealer.reference.v1:0': '7' } });
    expect(await store.load('rebates/3')).toEqual({ positions: { 'dealer.orders.v1:3': '20', 'dealer.reference.v1:0': '7' }, state: ['{"v":2}'] });
  });

  test('keeps each task’s snapshot apart', async () => {
    const { store } = await adapter.open();
    await store.commit('delivery/0', { outputs: [], applied: {}, snapshot: { positions: { 'dealer.deliveries.v1:0': '1' }, state: ['zero'] } });
    await store.commit('delivery/1', { outputs: [], applied: {}, snapshot: { positions: { 'dealer.deliveries.v1:1': '9' }, state: ['one'] } });
    expect(await store.load('delivery/0')).toEqual({ positions: { 'dealer.deliveries.v1:0': '1' }, state: ['zero'] });
    expect(await store.load('delivery/1')).toEqual({ positions: { 'dealer.deliveries.v1:1': '9' }, state: ['one'] });
    expect(await store.load('delivery/2')).toBeUndefined();
  });

  test('gives back a large state and offsets beyond 2^53 exactly', async () => {
    const { store } = await adapter.open();
    const dealers = Array.from({ length: 20_000 }, (_, index) => [`D-${index}`, { name: `Händler ${index} 经销商 😀`, note: 'line\u2028sep "quoted" \\ back' }]);
    const text = JSON.stringify({ dealers });
    const state = [text, JSON.stringify(dealers.slice(0, 9_000)), JSON.stringify(dealers.slice(9_000))];
    const positions = { 'dealer.orders.v1:0': '9007199254740993', 'dealer.clock.v1:0': '0' };
    await store.commit('all/0', { outputs: [], applied: positions, snapshot: { positions, state } });
    const loaded = await store.load('all/0');
    expect(loaded?.positions).toEqual(positions);
    expect(loaded?.state.length).toBe(3);
    expect(loaded?.state.every((part, index) => part === state[index])).toBe(true);
  });

  test('a snapshot in fewer parts replaces every part of the one before', async () => {
    const { store } = await adapter.open();
    const positions = { 'dealer.orders.v1:2': '5' };
    await store.commit('stock/2', { outputs: [], applied: positions, snapshot: { positions, state: ['{"head":1}', '[1]', '[2]', '[3]'] } });
    await store.commit('stock/2', { outputs: [], applied: positions, snapshot: { positions, state: ['{"head":2}', '[4]'] } });
    expect(await store.load('stock/2')).toEqual({ positions, state: ['{"head":2}', '[4]'] });
  });

  it.skipIf(adapter.skip || !adapter.faults)(
    `a failing commit leaves nothing: no outputs, the previous snapshot${adapter.faults ? '' : ' — skipped: a commit in memory has no step that can fail'}`,
    async () => {
      const opened = await adapter.open();
      const { store, outputs } = opened;
      const before = { positions: { 'credit.v1:0': '3' }, state: ['{"before":true}'] };
      await store.commit('credit/5', { outputs: [output('p')], applied: { 'credit.v1:0': '3' }, snapshot: before });
      opened.failNextSnapshot!();
      const failingCommit = { outputs: [output('q'), output('r')], applied: { 'credit.v1:0': '9' }, snapshot: { positions: { 'credit.v1:0': '9' }, state: ['{"after":true}'] } };
      await expect(store.commit('credit/5', failingCommit)).rejects.toBeInstanceOf(InjectedFault);
      expect(ids(await outputs())).toEqual(['p']);
      expect(await store.load('credit/5')).toEqual(before);
      // The task retries the same unit (as after a restart, it re-applies and re-emits): stored once.
      await store.commit('credit/5', failingCommit);
      await store.commit('credit/5', failingCommit);
      expect(ids(await outputs())).toEqual(['p', 'q', 'r']);
      expect(await store.load('credit/5')).toEqual(failingCommit.snapshot);
    },
  );
});

/** Each dealer's outputs in emitted order (the order a dealer-keyed topic keeps). */
function byDealer(outputs: readonly OutputEvent[]): Map<string, OutputEvent[]> {
  const dealers = new Map<string, OutputEvent[]>();
  for (const one of outputs) {
    const list = dealers.get(one.dealerId ?? '') ?? [];
    list.push(one);
    dealers.set(one.dealerId ?? '', list);
  }
  return dealers;
}

const stream: InputEvent[] = [...generateStream({ dealers: 5, skus: 6, days: 20, seed: 3 })];

describe.each(adapters.filter((adapter) => adapter.name !== 'memory'))('a partition task on the task store in $name', (adapter) => {
  it.skipIf(adapter.skip)('gives the replay’s outputs when it is killed between snapshots and restarted from its store', async () => {
    const expected: OutputEvent[] = [];
    await replay(stream.map((event) => JSON.stringify(event)), (line) => void expected.push(JSON.parse(line) as OutputEvent));
    const { store, outputs } = await adapter.open();
    const open = async () => {
      const task = createPartitionTask({ taskId: 'all/0', workers: WORKERS, store, snapshotEvents: 60, now: () => 0 });
      await task.restore();
      return task;
    };
    let task = await open();
    let commits = 0;
    let restarts = 0;
    while (task.positionOf('log') < BigInt(stream.length) || task.buffered('log') > 0) {
      const from = Number(task.positionOf('log'));
      const records = stream.slice(from, from + 15).map((event, index) => ({ event, offset: BigInt(from + index) }));
      task.offer('log', records, from + records.length >= stream.length);
      if ((await task.applyReady()) === 0) continue;
      commits += 1;
      // Killed every fifth commit: whatever it applied since its last snapshot is applied again.
      if (commits % 5 === 0) {
        task = await open();
        restarts += 1;
      }
    }
    expect(restarts).toBeGreaterThan(3);
    expect(byDealer(await outputs())).toEqual(byDealer(expected));
  });
});
