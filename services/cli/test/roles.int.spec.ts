import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { conformanceStream, replayOutputs, splitOutputs } from '@dealerflow/runtime/testing';
import { requireServer } from '@dealerflow/testkit/testing';
import { postNdjson, readAllOutputs, startServer, waitUntilCaughtUp, type ServerProcess } from '../src/testing/serverProcess';

// `dealerflow start --role ingest|runner` as separate processes on one PostgreSQL database: one ingests over
// HTTP, two runners (one runs the tasks, the other stands by); the running one is killed with SIGKILL
// mid-stream and the other takes over. The outputs are the replay's, none missing, none twice.
const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const skip = requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);
const scratch: ScratchDatabase[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((database) => database.drop()));
});

const TOKENS = { DEALERFLOW_TOKENS: 'ingest-token=ingest,admin-token=admin' };

interface RunnerHealth {
  tasks: 'running' | 'standby';
  lag: Record<string, number>;
}

async function healthOf(server: ServerProcess): Promise<RunnerHealth> {
  return (await (await fetch(`${server.url}/healthz`)).json()) as RunnerHealth;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function post(server: ServerProcess, lines: readonly string[]): Promise<void> {
  for (let start = 0; start < lines.length; start += 400) {
    const response = await postNdjson(server.url, 'ingest-token', lines.slice(start, start + 400));
    expect(response.status).toBe(202);
  }
}

it.skipIf(skip)(`ingest and two runners as processes on one database: a runner killed with SIGKILL mid-stream is taken over, and the outputs are the replay's${skip ? ` — skipped: ${skip}` : ''}`, async () => {
  const lines = conformanceStream();
  const expected = await replayOutputs(lines);
  const database = await createScratchDatabase(postgres.serverUrl);
  scratch.push(database);
  const dataDir = mkdtempSync(join(tmpdir(), 'dealerflow-roles-'));
  const env = { ...TOKENS, DATABASE_URL: database.url };

  const started: ServerProcess[] = [];
  try {
    const ingest = await startServer(['--role', 'ingest', '--data-dir', dataDir], env);
    started.push(ingest);
    const first = await startServer(['--role', 'runner', '--data-dir', dataDir], env);
    started.push(first);
    const second = await startServer(['--role', 'runner', '--data-dir', dataDir], env);
    started.push(second);
    expect((await healthOf(first)).tasks).toBe('running');
    expect((await healthOf(second)).tasks).toBe('standby');
    // The ingest process serves the API but runs nothing; a runner serves /healthz alone.
    expect((await fetch(`${first.url}/v1/outputs`)).status).toBe(404);

    const quarter = Math.floor(lines.length / 4);
    const half = 2 * quarter;
    await post(ingest, lines.slice(0, quarter));
    // Killed while ingest goes on taking events (another process): the standby applies what the first did not.
    const posting = post(ingest, lines.slice(quarter, half));
    expect(await first.stop('SIGKILL')).toBe(null);
    await posting;
    await until(() => healthOf(second), (health) => health.tasks === 'running', 'the standby to take over');

    // The rest, starting 300 lines early: those are sent twice.
    await post(ingest, lines.slice(half - 300));
    await waitUntilCaughtUp(ingest.url);
    const actual = splitOutputs(await readAllOutputs(ingest.url, 'admin-token'));
    expect(actual.outputs.length).toBe(expected.outputs.length);
    expect(actual.outputs).toEqual(expected.outputs);
    expect([...new Set(actual.deadLetters)].sort()).toEqual([...new Set(expected.deadLetters)].sort());
    // The notifier, in the runner that took over, planned each fact once across the kill.
    const requested = actual.notifications.map((line) => JSON.parse(line)).filter((output) => output.type === 'notification.requested');
    expect(requested.length).toBeGreaterThan(0);
    expect(new Set(requested.map((output) => output.data.notificationId)).size).toBe(requested.length);

    expect(await second.stop('SIGTERM')).toBe(0);
    expect(await ingest.stop('SIGTERM')).toBe(0);
  } finally {
    for (const server of started) if (server.child.exitCode === null && server.child.signalCode === null) await server.stop('SIGKILL');
  }
});

it('refuses --role ingest or runner without DATABASE_URL, and an unknown role', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealerflow-roles-'));
  for (const [args, message] of [
    [['--role', 'runner'], /--role runner needs DATABASE_URL/],
    [['--role', 'worker'], /--role must be one of all, ingest, runner, got "worker"/],
  ] as const) {
    await expect(startServer([...args, '--data-dir', dataDir])).rejects.toThrow(message);
  }
});
