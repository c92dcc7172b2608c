import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TOPICS, type InputEvent, type OutputEvent } from '@dealerflow/contracts';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { generateStream } from '@dealerflow/testkit';
import { requireServer } from '@dealerflow/testkit/testing';
import { OUTPUT_GROUP_PREFIX, OUTPUT_LOG_CONSUMER } from '../src';
import { spawnStart, type StartProcess } from './dealerflowStart';
import { exited, recreateInputTopics, recreateOutputTopics, spawnWorker, startTestBroker, until, type WorkerProcess } from './kafkaTestBed';

// Issue 19: in Kafka mode the API's reads show the workers' outputs. The same events are POSTed to `dealerflow start`
// on Kafka (four worker services, one process each) and to an embedded `dealerflow start`, each on a database of its
// own; per dealer, /v1/outputs, the timeline, the stock positions and the open invoices, and finance's ageing, must
// answer the same. Before the output log mirror and the workers' folds, the Kafka start's answers held no worker output,
// no stock position and no ageing; the embedded start's positions and ageing were as of its last snapshot.
const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const broker = await startTestBroker();
const skip = requireServer('Kafka', broker.probe) || requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);

const PARTITIONS = 3;
const WORKER_SERVICES = ['credit', 'stock', 'delivery', 'rebate'];
const OUTPUT_CONSUMERS = ['notifier', 'board', 'credit-holds', OUTPUT_LOG_CONSUMER];
const TOKEN = 'reads-admin';
const stream: InputEvent[] = [...generateStream({ dealers: 6, skus: 12, days: 45, seed: 19 })];
const dealerIds = [...new Set(stream.flatMap((event) => (event.type === 'dealer.upserted' ? [event.dealerId] : [])))].sort();
/** Who was told what depends on when the notifier ran (quiet hours go by the watermark as it moves): not compared. */
const NOTIFICATIONS = TOPICS.notifications;

async function get(url: string): Promise<{ text: string; next: string | null }> {
  const response = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
  if (response.status !== 200) throw new Error(`GET ${url}: ${response.status} ${await response.text()}`);
  return { text: await response.text(), next: response.headers.get('next-cursor') };
}

/** Every page of a paged route (`after` = the previous page's Next-Cursor). */
async function allPages<T>(url: string, itemsOf: (text: string) => T[]): Promise<T[]> {
  const items: T[] = [];
  for (let after: string | null = ''; after !== null; ) {
    const page: { text: string; next: string | null } = await get(`${url}${after ? `&after=${encodeURIComponent(after)}` : ''}`);
    items.push(...itemsOf(page.text));
    after = page.next;
  }
  return items;
}

interface TimelineItem {
  kind: string;
  topic: string;
  occurredAt: string;
}

/**
 * What one dealer's reads answer, in the shape both topologies promise: outputs per topic in publish order (a
 * topic's order per dealer is what Kafka keeps; across topics the output log holds them as they arrived); the
 * timeline in event time, entries of one instant, kind and topic in log order; stock positions and open alerts.
 */
async function dealerReads(url: string, dealerId: string) {
  const outputs = await allPages(`${url}/v1/outputs?dealerId=${dealerId}&limit=1000`, (text) =>
    text.split('\n').filter(Boolean).map((line) => JSON.parse(line) as OutputEvent),
  );
  const byTopic: Record<string, string[]> = {};
  for (const output of outputs) if (output.topic !== NOTIFICATIONS) (byTopic[output.topic] ??= []).push(output.eventId);
  const timeline = (await allPages(`${url}/v1/dealers/${dealerId}/timeline?limit=500`, (text) => (JSON.parse(text) as { items: TimelineItem[] }).items))
    .filter((entry) => entry.topic !== NOTIFICATIONS)
    .map((entry, index) => ({ entry, index }))
    .sort((a, b) => a.entry.occurredAt.localeCompare(b.entry.occurredAt) || a.entry.kind.localeCompare(b.entry.kind) || a.entry.topic.localeCompare(b.entry.topic) || a.index - b.index)
    .map(({ entry }) => entry);
  const stock = JSON.parse((await get(`${url}/v1/dealers/${dealerId}/stock`)).text) as { positions: unknown[]; alerts: unknown[] };
  const invoices = JSON.parse((await get(`${url}/v1/dealers/${dealerId}/credit/invoices`)).text) as { invoices: unknown[] };
  return { outputs: Object.fromEntries(Object.entries(byTopic).sort(([a], [b]) => a.localeCompare(b))), timeline, stock, invoices };
}

/** Every dealer's reads, and finance's ageing across dealers (the credit worker's ledgers). */
async function everyDealer(url: string) {
  const reads: Record<string, Awaited<ReturnType<typeof dealerReads>>> = {};
  for (const dealerId of dealerIds) reads[dealerId] = await dealerReads(url, dealerId);
  return { dealers: reads, ageing: JSON.parse((await get(`${url}/v1/credit/ageing`)).text) as { dealers: unknown[] } };
}

async function post(url: string): Promise<void> {
  for (let from = 0; from < stream.length; from += 1_000) {
    const response = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/x-ndjson' },
      body: stream.slice(from, from + 1_000).map((event) => JSON.stringify(event)).join('\n'),
    });
    expect(response.status).toBe(202);
  }
}

describe.skipIf(skip)(`the API's reads on Kafka${skip ? ` — skipped: ${skip}` : ''}`, () => {
  const scratches: ScratchDatabase[] = [];
  afterAll(async () => {
    for (const scratch of scratches) await scratch.drop();
    await broker.stop();
  });

  it('/v1/outputs, the timeline and the stock positions answer per dealer as the embedded start does for the same events', async () => {
    const kafkaDatabase = await createScratchDatabase(postgres.serverUrl);
    scratches.push(kafkaDatabase);
    const embeddedDatabase = await createScratchDatabase(postgres.serverUrl);
    scratches.push(embeddedDatabase);
    await recreateInputTopics(broker.brokers, PARTITIONS, WORKER_SERVICES.map((worker) => `dealerflow.${worker}`));
    await recreateOutputTopics(broker.brokers, PARTITIONS, OUTPUT_CONSUMERS.map((name) => `${OUTPUT_GROUP_PREFIX}${name}`));
    const quiet = { LOG_LEVEL: 'info', REDIS_URL: '', SMTP_URL: '', DEALERFLOW_EMAIL_OUTBOX: '', DEALERFLOW_TOKENS: `${TOKEN}=admin@admin` };
    const kafkaEnv = { ...quiet, KAFKA_BROKERS: broker.brokers.join(','), DATABASE_URL: kafkaDatabase.url };
    const dataDir = () => ['--data-dir', mkdtempSync(join(tmpdir(), 'dealerflow-reads-'))];
    const starts: StartProcess[] = [];
    const workers: WorkerProcess[] = [];
    try {
      const onKafka = await spawnStart(dataDir(), kafkaEnv);
      starts.push(onKafka);
      workers.push(...WORKER_SERVICES.map((worker) => spawnWorker(`${worker}-worker`, kafkaEnv)));
      const embeddedEnv = { ...quiet, KAFKA_BROKERS: '', DATABASE_URL: embeddedDatabase.url };
      const fed = await spawnStart(dataDir(), embeddedEnv);
      starts.push(fed);
      await post(fed.url);
      await until('every worker service holding its tasks', async () => (workers.every((worker) => worker.assignments.at(-1)?.length === PARTITIONS) ? true : undefined));
      await post(onKafka.url);

      await until('the embedded runner caught up', async () => {
        const { lag } = JSON.parse((await get(`${fed.url}/healthz`)).text) as { lag: Record<string, number> };
        return Object.values(lag).every((behind) => behind === 0) ? true : undefined;
      });
      // The embedded start reads the runner's states in memory: current at once, with no snapshot taken yet.
      const expected = await everyDealer(fed.url);
      const outputCount = Object.values(expected.dealers).reduce((sum, reads) => sum + Object.values(reads.outputs).flat().length, 0);
      expect(outputCount).toBeGreaterThan(100);
      expect(Object.values(expected.dealers).some((reads) => reads.stock.positions.length > 0)).toBe(true);
      expect(Object.values(expected.dealers).some((reads) => reads.invoices.invoices.length > 0)).toBe(true);
      expect(expected.ageing.dealers.length).toBeGreaterThan(0);

      // The worker services apply and publish in their own time: wait until the Kafka start's reads stop differing.
      let answered: typeof expected | undefined;
      await until('the Kafka start answering as the embedded one', async () => {
        answered = await everyDealer(onKafka.url);
        return JSON.stringify(answered) === JSON.stringify(expected) ? true : undefined;
      }, 150_000).catch(() => undefined);
      expect(answered).toEqual(expected);

      // /healthz from memory: nothing left to publish, and the watermark the relay published.
      const health = JSON.parse((await get(`${onKafka.url}/healthz`)).text) as { lag: Record<string, number>; watermark: string };
      expect(health.lag).toEqual({ 'input-relay': 0 });
      expect(Date.parse(health.watermark)).toBe(Math.max(...stream.map((event) => Date.parse(event.occurredAt))));
    } finally {
      for (const worker of workers) worker.child.kill('SIGTERM');
      for (const start of starts) start.child.kill('SIGTERM');
    }
    // A graceful stop on Kafka: the consumers finish their batch, leave their groups, and the process exits 0.
    for (const worker of workers) expect(await exited(worker.child)).toBe(0);
    for (const start of starts) expect(await exited(start.child)).toBe(0);
  });
});
