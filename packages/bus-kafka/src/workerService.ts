import { openDatabase } from '@dealerflow/db';
import { WORKERS, type PipelinePolicies, type WorkerName } from '@dealerflow/domain';
import { createPostgresTaskStore, loadSettingsFile, PolicyError, type RuntimeLogger } from '@dealerflow/runtime';
import { brokersOf, createKafkaClient } from './kafkaClient';
import { createOutboxRelayLoop } from './outboxRelayLoop';
import { createOutputRelay } from './outputRelay';
import { createTaskConsumer } from './taskConsumer';

export interface WorkerServiceSettings {
  worker: WorkerName;
  brokers: string[];
  /** The PostgreSQL that keeps the tasks' snapshots, positions and outbox. */
  databaseUrl: string;
  /** Events between snapshots, and the longest time between them (see createPartitionTask). */
  snapshotEvents?: number;
  snapshotMs?: number;
  /** How long the group waits for a silent member (KAFKA_SESSION_TIMEOUT_MS; kafkajs default 30 s). */
  sessionTimeout?: number;
  /**
   * The operators' settings file (DEALERFLOW_POLICY, docs/policy.md): the same file `dealerflow start --policy`
   * and `dealerflow replay --policy` read, or every setting at its default.
   */
  policyFile?: string;
}

/**
 * A worker service's settings from its environment: KAFKA_BROKERS, DATABASE_URL, SNAPSHOT_EVENTS, SNAPSHOT_MS,
 * KAFKA_SESSION_TIMEOUT_MS, DEALERFLOW_POLICY.
 */
export function workerServiceSettings(worker: WorkerName, env: NodeJS.ProcessEnv): WorkerServiceSettings {
  const brokers = brokersOf(env);
  if (brokers.length === 0) throw new Error(`${worker}-worker: KAFKA_BROKERS is not set (e.g. 127.0.0.1:9092)`);
  const databaseUrl = env.DATABASE_URL?.trim() ?? '';
  if (databaseUrl === '') throw new Error(`${worker}-worker: DATABASE_URL is not set (the tasks' state lives in PostgreSQL)`);
  const number = (name: string) => (env[name] ? Number(env[name]) : undefined);
  return {
    worker,
    brokers,
    databaseUrl,
    snapshotEvents: number('SNAPSHOT_EVENTS'),
    snapshotMs: number('SNAPSHOT_MS'),
    sessionTimeout: number('KAFKA_SESSION_TIMEOUT_MS'),
    policyFile: env.DEALERFLOW_POLICY?.trim() || undefined,
  };
}

/**
 * One worker as a service: its tasks in the consumer group `dealerflow.<worker>` on the co-partitioned
 * input topics, their state in PostgreSQL, and the relay of the worker's outbox to the output topics
 * beside them (a loop woken by each commit; of all the worker's processes one publishes at a time).
 * Start as many processes as there are partitions to share.
 */
export async function startWorkerService(settings: WorkerServiceSettings & { logger: RuntimeLogger; policies?: PipelinePolicies }) {
  const worker = WORKERS.find((candidate) => candidate.name === settings.worker);
  if (!worker) throw new Error(`no worker named "${settings.worker}"`);
  const logger = settings.logger;
  const database = await openDatabase({ databaseUrl: settings.databaseUrl });
  const kafka = createKafkaClient({ clientId: `dealerflow-${worker.name}-worker`, brokers: settings.brokers, logger });
  const relay = createOutputRelay({ kafka, sql: database.sql, logger, worker: worker.name });
  const relayLoop = createOutboxRelayLoop({ relay, logger });
  const consumer = createTaskConsumer({
    kafka,
    groupId: `dealerflow.${worker.name}`,
    name: worker.name,
    workers: [worker],
    // Every worker's policy and the company calendar: what the replay and `dealerflow start` compute with.
    policies: settings.policies,
    store: relayLoop.storeThatWakes(createPostgresTaskStore(database.sql)),
    logger,
    snapshotEvents: settings.snapshotEvents,
    snapshotMs: settings.snapshotMs,
    sessionTimeout: settings.sessionTimeout,
  });
  try {
    await relay.start();
    relayLoop.start();
    await consumer.start();
  } catch (error) {
    // Nothing is left running or connected when a service cannot start (a broker or topic missing, say).
    await relayLoop.stop();
    await relay.stop().catch(() => undefined);
    await database.close();
    throw error;
  }
  logger.info({ worker: worker.name, brokers: settings.brokers, policy: settings.policyFile ?? 'defaults' }, 'worker service started');
  return {
    partitions: consumer.partitions,
    progress: consumer.progress,
    /** Batches handled, task applications and outbox rows published since the start (the bench's figures). */
    counters: () => ({ ...consumer.counters(), relayed: relay.relayed() }),
    /** Finishes the batch in hand, snapshots, leaves the group, publishes what the outbox holds and closes the database. */
    async stop(): Promise<void> {
      await consumer.stop();
      await relayLoop.stop();
      await relay.stop();
      await database.close();
    },
  };
}

/**
 * The composition root of a worker service's main.ts: read the policy file, start, and stop cleanly on SIGTERM or
 * SIGINT. A policy file that cannot be used (unreadable, a misspelt key) is told on stderr and exits 1, as
 * `dealerflow start --policy` does: a service must not run on defaults its operators did not choose.
 */
export async function runWorkerService(worker: WorkerName, logger: RuntimeLogger, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const settings = workerServiceSettings(worker, env);
  let policies: PipelinePolicies;
  try {
    ({ policies } = await loadSettingsFile(settings.policyFile));
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error;
    process.stderr.write(`${worker}-worker: ${error.message}\n`);
    process.exit(1);
  }
  const service = await startWorkerService({ ...settings, policies, logger });
  const stop = () => {
    service.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'stopping failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
