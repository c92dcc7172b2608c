import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inputEvent, type InputEvent, type OutputEvent } from '@dealerflow/contracts';
import { openDatabase } from '@dealerflow/db';
import { createScratchDatabase, DEFAULT_TEST_POSTGRES_URL, probePostgres, type ScratchDatabase } from '@dealerflow/db/testing';
import { WORKERS, type PipelinePolicies } from '@dealerflow/domain';
import { loadSettingsFile, openEmbeddedRuntime, replay, silentLogger } from '@dealerflow/runtime';
import { generateStream } from '@dealerflow/testkit';
import { requireServer } from '@dealerflow/testkit/testing';
import { createInputRelay } from '../src';
import { exited, recreateInputTopics, spawnWorker, startTestBroker, testKafka, until } from './kafkaTestBed';

// A worker service with a policy file (DEALERFLOW_POLICY) against a real broker and PostgreSQL: it computes with
// the operators' settings — a stock threshold and the company's time zone — as the replay with the same file does,
// per dealer. Under CI a missing broker or database fails the suite.
const postgres = await probePostgres(process.env.DATABASE_URL || DEFAULT_TEST_POSTGRES_URL);
const broker = await startTestBroker();
const skip = requireServer('Kafka', broker.probe) || requireServer(`PostgreSQL at ${postgres.serverUrl}`, postgres);

const WORKER = 'stock';
const PARTITIONS = 4;
const SETTINGS = { calendar: { timeZone: 'Asia/Shanghai' }, stock: { safetyDays: 6 } };

/** Dealers whose master data names no time zone: their days are the company's (`calendar.timeZone`). */
function withoutDealerZones(events: Iterable<InputEvent>): InputEvent[] {
  return [...events].map((event) => {
    if (event.type !== 'dealer.upserted') return event;
    const { timezone: _zone, ...data } = event.data;
    return inputEvent.parse({ ...event, data });
  });
}

const stream = withoutDealerZones(generateStream({ dealers: 8, skus: 12, days: 30, seed: 13 }));

async function replayOf(events: readonly InputEvent[], policies?: PipelinePolicies): Promise<Map<string, string[]>> {
  const outputs: OutputEvent[] = [];
  const workers = WORKERS.filter((worker) => worker.name === WORKER);
  await replay(events.map((event) => JSON.stringify(event)), (line) => void outputs.push(JSON.parse(line)), { workers, policies });
  return byDealer(outputs);
}

/** Each dealer's outputs in the order they were emitted, without the envelope's topic. */
function byDealer(outputs: readonly OutputEvent[]): Map<string, string[]> {
  const dealers = new Map<string, string[]>();
  for (const output of outputs) {
    const { topic: _topic, ...event } = output as OutputEvent & { topic?: string };
    const list = dealers.get(output.dealerId ?? '') ?? [];
    list.push(JSON.stringify(event));
    dealers.set(output.dealerId ?? '', list);
  }
  return dealers;
}

describe.skipIf(skip)(`the ${WORKER} worker service with a policy file${skip ? ` — skipped: ${skip}` : ''}`, () => {
  let scratch: ScratchDatabase | undefined;
  let folder: string | undefined;
  afterAll(async () => {
    await scratch?.drop();
    if (folder) await rm(folder, { recursive: true, force: true });
    await broker.stop();
  });

  it('gives per dealer the outputs of the replay with the same file, which differ from the defaults', async () => {
    folder = await mkdtemp(join(tmpdir(), 'worker-policy-'));
    const policyFile = join(folder, 'policy.json');
    await writeFile(policyFile, JSON.stringify(SETTINGS));
    const { policies } = await loadSettingsFile(policyFile);

    // The policy changes what the worker says, by each of its two parts: a test that passes on defaults proves nothing.
    const expected = await replayOf(stream, policies);
    const defaults = await replayOf(stream);
    const zoneOnly = await replayOf(stream, { calendar: policies.calendar });
    expect(expected).not.toEqual(defaults);
    expect(zoneOnly).not.toEqual(defaults);
    expect(expected).not.toEqual(zoneOnly);
    const total = [...expected.values()].reduce((sum, lines) => sum + lines.length, 0);

    scratch = await createScratchDatabase(postgres.serverUrl);
    await recreateInputTopics(broker.brokers, PARTITIONS, [`dealerflow.${WORKER}`]);
    const ingest = await openEmbeddedRuntime({ databaseUrl: scratch.url });
    expect((await ingest.eventLog.append(stream.map((event) => ({ text: JSON.stringify(event) })))).accepted).toBe(stream.length);
    await ingest.close();

    const database = await openDatabase({ databaseUrl: scratch.url });
    const env = { KAFKA_BROKERS: broker.brokers.join(','), DATABASE_URL: scratch.url, DEALERFLOW_POLICY: policyFile, LOG_LEVEL: 'info' };
    const service = spawnWorker(`${WORKER}-worker`, env);
    try {
      await until('the service holding every task', async () => (service.assignments.at(-1)?.length === PARTITIONS ? true : undefined));
      const relay = createInputRelay({ kafka: testKafka('dealerflow-test-relay', broker.brokers), sql: database.sql, logger: silentLogger, batchSize: 500 });
      await relay.start();
      while ((await relay.relayBatch()) > 0) {
        // the whole log
      }
      await relay.markIdle();
      await relay.stop();
      const outboxCount = async () => (await database.sql.query<{ n: bigint }>(`SELECT count(*) AS n FROM task_outbox`))[0]!.n;
      // Every expected output, or none more for a while: a service on other settings says more or fewer things.
      let last = { count: -1n, at: Date.now() };
      await until('every output, or no more', async () => {
        const count = await outboxCount();
        if (count !== last.count) last = { count, at: Date.now() };
        return count >= BigInt(total) || (count > 0n && Date.now() - last.at > 10_000) ? true : undefined;
      });
      // Whatever is still in flight after the last expected output would be an extra.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const rows = await database.sql.query<{ line: string }>(`SELECT line FROM task_outbox ORDER BY seq`);
      expect(byDealer(rows.map((row) => JSON.parse(row.line) as OutputEvent))).toEqual(expected);
    } finally {
      service.child.kill('SIGTERM');
      await exited(service.child);
      await database.close();
    }
  });
});
