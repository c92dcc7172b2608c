import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type SqlExecutor } from '@dealerflow/db';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { requireServer } from '@dealerflow/testkit/testing';
import { openEmbeddedRuntime, type EmbeddedRuntime } from '../src';
import { createTaskLease, TASK_LOCK_SPACE, TaskLeaseLostError, type TaskLease } from '../src/embedded/taskLease';
import { conformanceStream, replayOutputs, splitOutputs, type SplitOutputs } from '../src/testing';

// Processes on one PostgreSQL database, each its own pool: one runs a task at a time, another takes it
// over when the first's lock connection goes (as when it is killed), and a holder that lost it commits
// nothing more. A process's death is its lock connection ended by the server (pg_terminate_backend);
// services/cli/test/roles.int.spec.ts kills real processes with SIGKILL.
const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const skip = requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);
const scratch: ScratchDatabase[] = [];
const toClose: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of toClose.splice(0).reverse()) await item.close();
});
afterAll(async () => {
  await Promise.all(scratch.map((database) => database.drop()));
});

async function scratchUrl(): Promise<string> {
  const database = await createScratchDatabase(postgres.serverUrl);
  scratch.push(database);
  return database.url;
}

async function open(url: string): Promise<Database> {
  const database = await openDatabase({ databaseUrl: url });
  toClose.push(database);
  return database;
}

function lease(database: Database, taskId = 'task-a'): TaskLease {
  const made = createTaskLease(database.sql, taskId, { pollMs: 50 });
  toClose.push(made);
  return made;
}

/** Ends, from another connection, the connection that holds the task's lock: what the server does when its process dies. */
async function killLockHolder(sql: SqlExecutor): Promise<void> {
  const rows = await sql.query<{ ended: boolean }>(
    `SELECT pg_terminate_backend(pid) AS ended FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND classid = $1::int::oid
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [TASK_LOCK_SPACE],
  );
  expect(rows.map((row) => row.ended)).toEqual([true]);
}

const settled = <T,>(promise: Promise<T>) => {
  const state = { done: false };
  void promise.then(
    () => (state.done = true),
    () => (state.done = true),
  );
  return state;
};

describe.skipIf(skip)(`the task lease on PostgreSQL${skip ? ` — skipped: ${skip}` : ''}`, () => {
  it('is held by one process at a time, per task, and passes to a waiting one when let go', async () => {
    const url = await scratchUrl();
    const [first, second] = [await open(url), await open(url)];
    const a = lease(first);
    const b = lease(second);
    expect(await a.tryAcquire()).toBe(true);
    expect(await b.tryAcquire()).toBe(false);
    expect(await lease(second, 'task-b').tryAcquire()).toBe(true);
    const waiting = b.acquire();
    await a.close();
    expect(await waiting).toBe(true);
    expect(b.holds()).toBe(true);
  });

  it('a holder whose lock connection is gone commits nothing more; the next holder waits for the transaction it had under way', async () => {
    const url = await scratchUrl();
    const [first, second, observer] = [await open(url), await open(url), await open(url)];
    await observer.sql.exec(`CREATE TABLE written (what text)`);
    const a = lease(first);
    const b = lease(second);
    expect(await a.tryAcquire()).toBe(true);

    // A transaction of the holder passes its fence, then the holder's lock connection goes.
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let fenced!: () => void;
    const passedFence = new Promise<void>((resolve) => (fenced = resolve));
    const underWay = first.sql.transaction(async (tx) => {
      await a.fence(tx);
      fenced();
      await released;
      await tx.query(`INSERT INTO written VALUES ('before the takeover')`);
    });
    await passedFence;
    await killLockHolder(observer.sql);
    expect(await a.lost).toBeInstanceOf(Error);
    expect(a.holds()).toBe(false);

    const takingOver = b.acquire();
    const takeover = settled(takingOver);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(takeover.done).toBe(false);
    release();
    await underWay;
    expect(await takingOver).toBe(true);

    // From now on the old holder's transactions fail at their fence and leave nothing.
    const late = first.sql.transaction(async (tx) => {
      await a.fence(tx);
      await tx.query(`INSERT INTO written VALUES ('after the takeover')`);
    });
    await expect(late).rejects.toBeInstanceOf(TaskLeaseLostError);
    await second.sql.transaction((tx) => b.fence(tx));
    expect((await observer.sql.query<{ what: string }>(`SELECT what FROM written`)).map((row) => row.what)).toEqual(['before the takeover']);
  });
});

describe.skipIf(skip)(`processes of one database on PostgreSQL${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const lines = conformanceStream();
  let expected: SplitOutputs;
  beforeAll(async () => {
    expected = await replayOutputs(lines);
  });

  async function openRuntime(url: string, runTasks: boolean, idlePollMs = 250): Promise<EmbeddedRuntime> {
    const runtime = await openEmbeddedRuntime({ databaseUrl: url, runTasks, runner: { batchSize: 300, idlePollMs }, taskLease: { pollMs: 50 }, health: { refreshMs: 50 } });
    toClose.push(runtime);
    return runtime;
  }

  async function waitFor(condition: () => Promise<boolean> | boolean): Promise<void> {
    while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  it('ingest in one process, the runner in another; when the runner’s hold goes mid-stream a standby takes over: the replay’s outputs, none twice', async () => {
    const url = await scratchUrl();
    const observer = (await open(url)).sql;
    const ingest = await openRuntime(url, false);
    const first = await openRuntime(url, true);
    const standby = await openRuntime(url, true);
    for (const runtime of [ingest, first, standby]) runtime.start();
    expect([ingest.tasks.running(), first.tasks.running(), standby.tasks.running()]).toEqual([false, true, false]);
    expect(await ingest.tasks.started).toBe(false);

    const half = Math.floor(lines.length / 2);
    for (let start = 0; start < half; start += 200) {
      await ingest.eventLog.append(lines.slice(start, Math.min(start + 200, half)).map((text) => ({ text })));
    }
    // Some of it applied, not all: the runner's hold goes while it works.
    await waitFor(async () => Object.values((await ingest.health.check()).lag).every((lag) => lag < half / 2));
    await killLockHolder(observer);
    expect(await standby.tasks.started).toBe(true);
    expect(first.tasks.running()).toBe(false);

    for (let start = half; start < lines.length; start += 200) {
      await ingest.eventLog.append(lines.slice(start, start + 200).map((text) => ({ text })));
    }
    await waitFor(async () => {
      await ingest.health.refresh();
      return Object.values((await ingest.health.check()).lag).every((lag) => lag === 0);
    });

    const rows = await observer.query<{ line: string }>(`SELECT line FROM output_log ORDER BY seq`);
    const actual = splitOutputs(rows.map((row) => row.line));
    expect(actual.outputs.length).toBe(expected.outputs.length);
    expect(actual.outputs).toEqual(expected.outputs);
  });

  it('a runner in another process is woken by ingest’s commits, not by its idle poll (here ten minutes)', async () => {
    const url = await scratchUrl();
    const ingest = await openRuntime(url, false);
    const runner = await openRuntime(url, true, 600_000);
    runner.start();
    expect(await runner.tasks.started).toBe(true);
    // The runner found nothing and sleeps; only a wake-up brings it back before the test's timeout.
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (let start = 0; start < 600; start += 200) await ingest.eventLog.append(lines.slice(start, start + 200).map((text) => ({ text })));
    await waitFor(async () => {
      await ingest.health.refresh();
      return Object.values((await ingest.health.check()).lag).every((lag) => lag === 0);
    });
  });
});
