import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { InputEvent, OutputEvent } from '@dealerflow/contracts';
import { openDatabase } from '@dealerflow/db';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { replay, silentLogger } from '@dealerflow/runtime';
import { generateStream } from '@dealerflow/testkit';
import { requireServer } from '@dealerflow/testkit/testing';
import { createKafkaOutputSource, OUTPUT_GROUP_PREFIX } from '../src';
import { spawnStart, type StartProcess } from './dealerflowStart';
import { exited, recreateInputTopics, recreateOutputTopics, spawnWorker, startTestBroker, testKafka, until, type WorkerProcess } from './kafkaTestBed';

// The whole distributed topology against a real broker and PostgreSQL: events POSTed to `dealerflow start` (with
// KAFKA_BROKERS) → the input log → the input relay → the four worker services, one process each → their outbox → the
// output relay in each service → the output topics → the notifier and the board in `dealerflow start`, through the
// Kafka output source. What the topics carry, per dealer and topic, is the replay's; the board's open alerts are the
// replay's; the notifier recorded notifications. Under CI a missing broker or database fails the suite.
const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const broker = await startTestBroker();
const skip = requireServer('Kafka', broker.probe) || requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);

const PARTITIONS = 3;
const WORKER_SERVICES = ['credit', 'stock', 'delivery', 'rebate'];
const OUTPUT_CONSUMERS = ['notifier', 'board', 'credit-holds'];
const TOKEN = 'e2e-admin';
const stream: InputEvent[] = [...generateStream({ dealers: 12, skus: 20, days: 60, seed: 7 })];

/** Outputs per dealer and topic, in order, without the envelope's topic (a topic's order per dealer is what is promised). */
function byDealerAndTopic(outputs: readonly OutputEvent[]): Map<string, string[]> {
  const lists = new Map<string, string[]>();
  for (const output of outputs) {
    const { topic, ...event } = output as OutputEvent & { topic: string };
    const key = `${output.dealerId ?? ''} ${topic}`;
    lists.set(key, [...(lists.get(key) ?? []), JSON.stringify(event)]);
  }
  return lists;
}

/** The alerts the replay leaves open: raised and not resolved since. */
function openAlertIds(outputs: readonly OutputEvent[]): string[] {
  const open = new Set<string>();
  for (const output of outputs) {
    const alertId = (output.data as { alertId?: string }).alertId;
    if (output.type === 'stock.alert.raised') open.add(alertId!);
    if (output.type === 'stock.alert.resolved') open.delete(alertId!);
  }
  return [...open].sort();
}

async function getJson<T>(url: string): Promise<{ body: T; next: string | null }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return { body: (await response.json()) as T, next: response.headers.get('next-cursor') };
}

async function boardOpenAlertIds(url: string): Promise<string[]> {
  const ids: string[] = [];
  for (let after: string | null = ''; after !== null; ) {
    const page: { body: { items: { alertId: string }[] }; next: string | null } = await getJson(`${url}/v1/stock/alerts?limit=200${after ? `&after=${after}` : ''}`);
    ids.push(...page.body.items.map((item) => item.alertId));
    after = page.next;
  }
  return ids.sort();
}

describe.skipIf(skip)(`the distributed topology: dealerflow start, four worker services, Kafka${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let scratch: ScratchDatabase | undefined;
  afterAll(async () => {
    await scratch?.drop();
    await broker.stop();
  });

  it('events POSTed to the API reach the output topics as the replay computes them, and the board and the notifier read them there', async () => {
    const expected: OutputEvent[] = [];
    await replay(stream.map((event) => JSON.stringify(event)), (line) => void expected.push(JSON.parse(line)));
    scratch = await createScratchDatabase(postgres.serverUrl);
    await recreateInputTopics(broker.brokers, PARTITIONS, WORKER_SERVICES.map((worker) => `dealerflow.${worker}`));
    await recreateOutputTopics(broker.brokers, PARTITIONS, OUTPUT_CONSUMERS.map((name) => `${OUTPUT_GROUP_PREFIX}${name}`));
    const env = { KAFKA_BROKERS: broker.brokers.join(','), DATABASE_URL: scratch.url, LOG_LEVEL: 'info', REDIS_URL: '', SMTP_URL: '', DEALERFLOW_EMAIL_OUTBOX: '' };
    const database = await openDatabase({ databaseUrl: scratch.url });
    let start: StartProcess | undefined;
    const workers: WorkerProcess[] = [];
    try {
      start = await spawnStart(['--data-dir', mkdtempSync(join(tmpdir(), 'dealerflow-kafka-'))], { ...env, DEALERFLOW_TOKENS: `${TOKEN}=admin@admin` });
      workers.push(...WORKER_SERVICES.map((worker) => spawnWorker(`${worker}-worker`, env)));
      await until('every worker service holding its tasks', async () => (workers.every((worker) => worker.assignments.at(-1)?.length === PARTITIONS) ? true : undefined));

      for (let from = 0; from < stream.length; from += 1_000) {
        const response = await fetch(`${start.url}/v1/events`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-ndjson' },
          body: stream.slice(from, from + 1_000).map((event) => JSON.stringify(event)).join('\n'),
        });
        expect(response.status).toBe(202);
      }

      // Every output committed to the outbox and relayed to its topic.
      await until('every output relayed', async () => {
        const [row] = await database.sql.query<{ total: bigint; waiting: bigint }>(
          `SELECT count(*) AS total, count(*) FILTER (WHERE relayed_at IS NULL) AS waiting FROM task_outbox`,
        );
        return row!.total >= BigInt(expected.length) && row!.waiting === 0n ? true : undefined;
      }, 90_000);

      // What the output topics carry, read as any consumer of the output source reads it.
      const reader = createKafkaOutputSource({ kafka: testKafka('dealerflow-test-reader', broker.brokers), logger: silentLogger, groupPrefix: `dealerflow.e2e.${Date.now()}.` }).consumer({ name: 'check' });
      const published: OutputEvent[] = [];
      try {
        for (let batch = await reader.read(); batch.read > 0; batch = await reader.read()) {
          published.push(...batch.records.map((record) => record.event));
          await reader.commit(batch.end);
        }
      } finally {
        await reader.close();
      }
      expect(published).toHaveLength(expected.length);
      expect(byDealerAndTopic(published)).toEqual(byDealerAndTopic(expected));

      // The board and the notifier in `dealerflow start` read the same topics through the Kafka output source.
      const wanted = openAlertIds(expected);
      expect(wanted.length).toBeGreaterThan(0);
      await until('the board’s open alerts', async () => ((await boardOpenAlertIds(start!.url)).join() === wanted.join() ? true : undefined), 60_000);
      const notifications = await until('a notification recorded', async () => {
        const { body } = await getJson<{ items: { outputType: string }[] }>(`${start!.url}/v1/notifications?limit=500`);
        return body.items.length > 0 ? body.items : undefined;
      }, 60_000);
      expect(notifications.some((item) => item.outputType.startsWith('stock.alert'))).toBe(true);
    } finally {
      await database.close();
      for (const worker of workers) worker.child.kill('SIGTERM');
      start?.child.kill('SIGTERM');
    }
    for (const worker of workers) expect(await exited(worker.child)).toBe(0);
    expect(await exited(start!.child)).toBe(0);
  });
});
