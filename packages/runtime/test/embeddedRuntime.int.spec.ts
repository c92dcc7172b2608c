import { Mutex } from 'async-mutex';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type SqlClient, type SqlExecutor } from '@dealerflow/db';
import { WORKERS } from '@dealerflow/domain';
import { createEventLog, createPipelineRunner, openEmbeddedRuntime, resolvePolicies, silentLogger, type EmbeddedRuntime, type EventLog, type PipelineRunnerOptions } from '../src';
import { decodeStateText } from '../src/embedded/stateText';
import { conformanceStream, replayOutputs, splitOutputs, type SplitOutputs } from '../src/testing';
import { runtimeBackends, type Backend } from '../src/testing';

// One behavioural suite for both backends. PostgreSQL: DATABASE_URL when set, else the local server;
// when no server answers, the file fails under CI and the PostgreSQL half is skipped elsewhere, with the reason.
const backends = await runtimeBackends('dealerflow-pglite-');

const lines = conformanceStream();
let expected: SplitOutputs;
beforeAll(async () => {
  expected = await replayOutputs(lines);
});

async function ingestInChunks(runtime: { eventLog: EventLog }, items: readonly string[], size: number, afterEach?: () => Promise<void>) {
  const totals = { accepted: 0, duplicates: 0, deadLettered: 0 };
  for (let start = 0; start < items.length; start += size) {
    const result = await runtime.eventLog.append(items.slice(start, start + size).map((text) => ({ text })));
    await afterEach?.();
    totals.accepted += result.accepted;
    totals.duplicates += result.duplicates;
    totals.deadLettered += result.deadLettered;
  }
  return totals;
}

/**
 * The runner and the event log on their own database, with no `close` that takes a snapshot: `kill`
 * closes the database under the runner, as a crash would leave it after the last commit.
 */
async function openRunnerAlone(target: Awaited<ReturnType<Backend['options']>>, runner: Partial<PipelineRunnerOptions>, wrap = (sql: SqlClient) => sql) {
  const database = await openDatabase(target);
  const writeLock = new Mutex();
  const opened = await createPipelineRunner({ sql: wrap(database.sql), workers: WORKERS, policies: resolvePolicies(WORKERS), writeLock, logger: silentLogger, ...runner });
  const eventLog = createEventLog({ sql: database.sql, writeLock, watermark: () => opened.watermark(), onAppended: () => {} });
  async function positions() {
    const [snapshot] = await database.sql.query<{ position: string }>(`SELECT positions ->> 'input_log' AS position FROM task_snapshot`);
    const [applied] = await database.sql.query<{ input_seq: bigint }>(`SELECT input_seq FROM worker_checkpoint WHERE worker = 'credit'`);
    return { snapshot: BigInt(snapshot!.position), applied: applied!.input_seq };
  }
  /** The workers' outputs in `seq` order (a dead letter's id names the ingest request, so they are left out). */
  async function outputs() {
    const rows = await database.sql.query<{ line: string }>(`SELECT line FROM output_log WHERE topic <> 'dealer.dead-letter.v1' ORDER BY seq`);
    return rows.map((row) => row.line);
  }
  async function batchEndsSinceSnapshot() {
    const [row] = await database.sql.query<{ count: bigint }>(`SELECT count(*) AS count FROM task_batch_end`);
    return Number(row!.count);
  }
  /**
   * Turns the database into what a runner from before snapshots left: the pipeline's parts in `global_state`
   * (the same encodings as the snapshot's), the checkpoints at the snapshot, no snapshot row.
   */
  async function rewindToLegacyRows() {
    const [row] = await database.sql.query<{ state: string; position: string }>(`SELECT state, positions ->> 'input_log' AS position FROM task_snapshot`);
    const encoded = JSON.parse(decodeStateText(row!.state)) as Record<string, unknown>;
    for (const part of ['dealers', 'products', 'programs', 'availability', 'clocks']) {
      await database.sql.query(`INSERT INTO global_state (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`, [
        `pipeline.${part}`,
        JSON.stringify(encoded[part]),
      ]);
    }
    await database.sql.query(`UPDATE worker_checkpoint SET input_seq = $1::bigint`, [row!.position]);
    await database.sql.exec(`DELETE FROM task_snapshot; DELETE FROM task_batch_end`);
  }
  return { eventLog, runner: opened, positions, outputs, batchEndsSinceSnapshot, rewindToLegacyRows, kill: () => database.close() };
}

class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

/** A SqlClient whose transactions fail at their insert into output_log while `armed`. */
function faultyClient() {
  let armed = false;
  const guard = (executor: SqlExecutor): SqlExecutor => ({
    ...executor,
    async query(text, params) {
      if (armed && text.includes('INSERT INTO output_log')) {
        armed = false;
        throw new InjectedFault('the output insert failed');
      }
      return executor.query(text, params);
    },
  });
  return {
    wrap: (sql: SqlClient): SqlClient => ({ ...sql, transaction: (fn) => sql.transaction((tx) => fn(guard(tx))) }),
    arm: () => {
      armed = true;
    },
  };
}

/** Appends `size` lines at a time and applies them until `enough` says so; returns how many lines went in. */
async function ingestUntil(opened: Awaited<ReturnType<typeof openRunnerAlone>>, items: readonly string[], size: number, enough: () => Promise<boolean>): Promise<number> {
  for (let start = 0; start < items.length; start += size) {
    await opened.eventLog.append(items.slice(start, start + size).map((text) => ({ text })));
    await opened.runner.drain({ snapshot: false });
    if (await enough()) return Math.min(start + size, items.length);
  }
  throw new Error('the stream ended before the runner got where the test wanted it');
}

async function allOutputs(runtime: EmbeddedRuntime): Promise<string[]> {
  const lines: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await runtime.outputs.read({ after, limit: 5000 });
    if (page.nextCursor === null) return lines;
    lines.push(...page.lines);
    after = page.nextCursor;
  }
}

describe.each(backends)('the embedded runtime on $name', (backend) => {
  it.skipIf(backend.skip)(`gives the replay's outputs, in the replay's order${backend.skip ? ` — skipped: ${backend.skip}` : ''}`, async () => {
    const runtime = await openEmbeddedRuntime({ ...(await backend.options()) });
    try {
      const totals = await ingestInChunks(runtime, lines, 700);
      await runtime.runner.drain();
      const actual = splitOutputs(await allOutputs(runtime));
      expect(totals.deadLettered).toBe(expected.deadLetters.length);
      expect(totals.duplicates).toBeGreaterThan(0);
      expect(actual.deadLetters).toEqual(expected.deadLetters);
      expect(actual.outputs.length).toBe(expected.outputs.length);
      expect(actual.outputs).toEqual(expected.outputs);
      const health = await runtime.health.check();
      expect(health.lag).toEqual({ credit: 0, stock: 0, delivery: 0, rebates: 0 });
    } finally {
      await runtime.close();
    }
  });

  it.skipIf(backend.skip)('gives the same outputs with a tiny state cache, small batches and a restart in the middle', async () => {
    const target = await backend.options();
    const tight = { batchSize: 97, cacheBytes: 1, dealerChunk: 2 };
    const half = Math.floor(lines.length / 2);
    const first = await openEmbeddedRuntime({ ...target, runner: tight });
    await ingestInChunks(first, lines.slice(0, half), 300);
    await first.runner.drain();
    await first.close();
    const second = await openEmbeddedRuntime({ ...target, runner: tight });
    try {
      await ingestInChunks(second, lines.slice(half - 50), 300);
      await second.runner.drain();
      expect(splitOutputs(await allOutputs(second)).outputs).toEqual(expected.outputs);
    } finally {
      await second.close();
    }
  });

  it.skipIf(backend.skip)('loses and repeats nothing when killed between snapshots: the next start applies again from the snapshot', async () => {
    const target = await backend.options();
    const first = await openRunnerAlone(target, { batchSize: 97, snapshotEvents: 250, idleSnapshotMs: Number.POSITIVE_INFINITY });
    // Ingest and apply 150 lines at a time until the runner is well past its second snapshot, then kill it.
    const cut = await ingestUntil(first, lines, 150, async () => {
      const { snapshot, applied } = await first.positions();
      return first.runner.writes().snapshots >= 2 && applied - snapshot >= 120n;
    });
    await first.kill();

    const second = await openEmbeddedRuntime({ ...target, runner: { batchSize: 97 } });
    try {
      await ingestInChunks(second, lines.slice(cut - 40), 300);
      await second.runner.drain();
      expect(second.runner.writes().reappliedBatches).toBeGreaterThan(0);
      const actual = splitOutputs(await allOutputs(second));
      expect(actual.outputs).toEqual(expected.outputs);
      expect(actual.deadLetters).toEqual(expected.deadLetters);
    } finally {
      await second.close();
    }
  });

  it.skipIf(backend.skip)('after a failed batch resumes from the snapshot, and a stop right after a failure snapshots nothing it rolled back', async () => {
    const target = await backend.options();
    const fault = faultyClient();
    const runner = await openRunnerAlone(target, { batchSize: 97, idleSnapshotMs: Number.POSITIVE_INFINITY }, fault.wrap);
    const ingest = (from: number, to: number) => runner.eventLog.append(lines.slice(from, to).map((text) => ({ text })));
    await ingest(0, 400);
    await runner.runner.drain();
    await ingest(400, 700);
    fault.arm();
    await expect(runner.runner.drain({ snapshot: false })).rejects.toBeInstanceOf(InjectedFault);
    // The same runner goes on: its next batch starts from the snapshot, not from what the failed batch left in memory.
    await runner.runner.drain({ snapshot: false });
    await ingest(700, 1000);
    fault.arm();
    await expect(runner.runner.drain({ snapshot: false })).rejects.toBeInstanceOf(InjectedFault);
    await runner.runner.stop();
    await runner.kill();

    const reopened = await openEmbeddedRuntime({ ...target, runner: { batchSize: 97 } });
    try {
      await ingestInChunks(reopened, lines.slice(1000), 300);
      await reopened.runner.drain();
      expect(splitOutputs(await allOutputs(reopened)).outputs).toEqual(expected.outputs);
    } finally {
      await reopened.close();
    }
  });

  it.skipIf(backend.skip)('resumes a database written before snapshots from its rows', async () => {
    const target = await backend.options();
    const half = Math.floor(lines.length / 2);
    const legacy = await openRunnerAlone(target, { batchSize: 97 });
    await ingestInChunks(legacy, lines.slice(0, half), 300);
    await legacy.runner.drain();
    await legacy.rewindToLegacyRows();
    await legacy.kill();
    const resumed = await openEmbeddedRuntime({ ...target, runner: { batchSize: 97 } });
    try {
      await ingestInChunks(resumed, lines.slice(half), 300);
      await resumed.runner.drain();
      expect(splitOutputs(await allOutputs(resumed)).outputs).toEqual(expected.outputs);
    } finally {
      await resumed.close();
    }
  });

  it.skipIf(backend.skip)('applies the same batches again after a kill, so late events give the outputs they gave before', async () => {
    // Every 40th event arrives 25 events late: a batch applies its events in event-time order, so where
    // batches are cut decides where a late event lands. Ingest and the runner race as in production.
    const late = lateArrivals(lines, 40, 25);
    const runOptions = { batchSize: 97, snapshotEvents: 500, idleSnapshotMs: Number.POSITIVE_INFINITY };
    const uninterrupted = await openRunnerAlone(await backend.options(), runOptions);
    await ingestInChunks(uninterrupted, late, 150, () => uninterrupted.runner.drain({ snapshot: false }));
    const reference = await uninterrupted.outputs();
    await uninterrupted.kill();

    const target = await backend.options();
    const killed = await openRunnerAlone(target, runOptions);
    const cut = await ingestUntil(killed, late, 150, async () => killed.runner.writes().snapshots >= 2 && (await killed.batchEndsSinceSnapshot()) >= 3);
    await killed.kill();
    const restarted = await openRunnerAlone(target, runOptions);
    await ingestInChunks(restarted, late.slice(cut), 150, () => restarted.runner.drain({ snapshot: false }));
    expect(restarted.runner.writes().reappliedBatches).toBeGreaterThan(1);
    expect(await restarted.outputs()).toEqual(reference);
    await restarted.kill();
  });
});

/** Moves every `every`-th line `by` places later, as a producer that sends some events late would. */
function lateArrivals(items: readonly string[], every: number, by: number): string[] {
  const moved = [...items];
  for (let index = every; index + by < moved.length; index += every) {
    const [line] = moved.splice(index, 1);
    moved.splice(index + by, 0, line!);
  }
  return moved;
}
