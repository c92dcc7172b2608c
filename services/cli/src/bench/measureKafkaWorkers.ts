import { availableParallelism } from 'node:os';
import { brokersOf, createKafkaClient, liveDealerflowGroups } from '@dealerflow/bus-kafka';
import { createScratchDatabase } from '@dealerflow/db/testing';
import { WORKERS } from '@dealerflow/domain';
import { silentLogger } from '@dealerflow/runtime';
import { runKafkaWorkers, type KafkaRun } from './kafkaWorkerRun';
import { peakRssMiB } from './peakRssMiB';
import type { PhaseResult } from './phases';
import { publishKafkaStream } from './publishKafkaStream';

/** Partitions per dealer topic, as infra/kafka/topics.txt has them: up to 12 processes of a worker share work. */
export const KAFKA_BENCH_PARTITIONS = 12;

export interface KafkaFigures {
  partitions: number;
  /** The machine's cores (`os.availableParallelism()`): two processes can only go twice as fast with two to spare. */
  cores: number;
  /** The input relay publishing the stream (and its markers), events/s. */
  relayEventsPerSecond: number;
  workers: { worker: string; one: KafkaRun; two: KafkaRun }[];
}

/**
 * Why the Kafka phase cannot run here, or undefined: it needs KAFKA_BROKERS and DATABASE_URL, and a
 * broker of its own — it deletes and recreates the Dealerflow topics, so it refuses a broker where
 * a Dealerflow deployment's consumer groups have live members.
 */
export async function kafkaPhaseSkipReason(env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const brokers = brokersOf(env);
  if (brokers.length === 0) return 'KAFKA_BROKERS unset';
  if (!env.DATABASE_URL) return 'DATABASE_URL unset (the worker services keep their state in PostgreSQL)';
  const admin = createKafkaClient({ clientId: 'dealerflow-bench', brokers, logger: silentLogger }).admin();
  try {
    await admin.connect();
    const live = await liveDealerflowGroups(admin);
    if (live.length > 0) return `a Dealerflow deployment uses ${brokers.join(',')} (live groups: ${live.join(', ')}); the phase recreates the topics, so give it a broker of its own`;
    return undefined;
  } catch (error) {
    return `Kafka at ${brokers.join(',')} unreachable (${(error as Error).message})`;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

/**
 * The worker services on Kafka: the stream published once to freshly made topics, then each worker
 * read it to the end with one process and with two, each run with a task store of its own (a scratch
 * database), so both start from nothing. The phase's rate is the slowest worker's with one process:
 * what the topology with one process per worker keeps up with, when each has a core of its own.
 */
export async function measureKafkaWorkers(input: string, env: NodeJS.ProcessEnv): Promise<PhaseResult> {
  const brokers = brokersOf(env);
  const serverUrl = env.DATABASE_URL!;
  const published = await publishKafkaStream(input, brokers, serverUrl, KAFKA_BENCH_PARTITIONS);
  const workers: KafkaFigures['workers'] = [];
  try {
    for (const { name } of WORKERS) {
      const [one, two] = [await runOn(name, 1), await runOn(name, 2)];
      workers.push({ worker: name, one, two });
      process.stderr.write(`bench: kafka ${name} ${one.eventsPerSecond.toFixed(0)} events/s with one process, ${two.eventsPerSecond.toFixed(0)} with two\n`);
    }
  } finally {
    await published.scratch.drop();
  }
  const slowest = workers.reduce((min, figures) => (figures.one.eventsPerSecond < min.one.eventsPerSecond ? figures : min));
  return {
    phase: 'kafka',
    events: published.events,
    seconds: slowest.one.seconds,
    eventsPerSecond: slowest.one.eventsPerSecond,
    peakRssMiB: Math.max(peakRssMiB(), ...workers.flatMap((figures) => [figures.one.peakRssMiB, figures.two.peakRssMiB])),
    kafka: { partitions: KAFKA_BENCH_PARTITIONS, cores: availableParallelism(), relayEventsPerSecond: published.events / published.relaySeconds, workers },
  };

  async function runOn(worker: string, processes: number): Promise<KafkaRun> {
    const scratch = await createScratchDatabase(serverUrl);
    try {
      return await runKafkaWorkers({ worker, processes, brokers, databaseUrl: scratch.url, targets: published.targets, events: published.events });
    } finally {
      await scratch.drop();
    }
  }
}
