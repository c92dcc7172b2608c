import { mkdir } from 'node:fs/promises';
import { createServer } from '@dealerflow/api';
import { createInputRelay, createInputRelayLoop, createKafkaClient, createKafkaOutputSource, createOutputLogMirror } from '@dealerflow/bus-kafka';
import { openDatabase } from '@dealerflow/db';
import { startNotifier } from '@dealerflow/notifier';
import { createBoardProjector, createCreditHoldReader, createSessionStore, openEmbeddedRuntime, type EventLog, type IngestResult } from '@dealerflow/runtime';
import pino from 'pino';
import { describeDemoSignIns } from '../demo/demoPeople';
import { demoStory } from '../demo/story';
import { UsageError } from '../usage';
import { policyLogFields } from '../settings/policyFileOf';
import { notifierSettingsOf } from './notifierSettingsOf';
import { closingOutputSource } from './closingOutputSource';
import { createRelayHealth } from './relayHealth';
import { resolveSignIns } from './signIns';
import { relayedHorizon } from './relayedHorizon';
import type { StartOptions } from './startOptions';
import { stopOnSignals } from './stopOnSignals';

/** The event log, telling `appended` after each append (the relay publishes what it added at once; health keeps the head). */
function wakingOnAppend(eventLog: EventLog, appended: (result: IngestResult) => void): EventLog {
  return {
    async append(items) {
      const result = await eventLog.append(items);
      appended(result);
      return result;
    },
  };
}

/**
 * `dealerflow start` when KAFKA_BROKERS is set: the workers are services of their own
 * (services/<worker>-worker, docs/kafka.md), so this process runs no runner. Ingest is as in the
 * embedded runtime (validated, durable in `input_log` before the 202); the input relay publishes the
 * log to the input topics; the notifier and the output log mirror (what /v1/outputs and the dealer
 * timeline read, as in the embedded runtime) consume the workers' outputs from the output topics
 * through the Kafka output source; the board and the credit-hold list read them from the mirror's
 * output_log. Stock positions and the credit ledgers are the workers' fold over the input log. Needs DATABASE_URL: the services keep their tasks' state and
 * outbox there.
 */
export async function startOnKafka(options: StartOptions, brokers: readonly string[]): Promise<void> {
  const logger = pino({ level: options.env.LOG_LEVEL ?? 'info', base: { service: 'dealerflow' } });
  const databaseUrl = options.env.DATABASE_URL?.trim();
  if (!databaseUrl) throw new UsageError('KAFKA_BROKERS is set, so DATABASE_URL must be too: the worker services keep their state and outbox in PostgreSQL');
  await mkdir(options.dataDir, { recursive: true });
  const { tokens, demoPeople } = await resolveSignIns(options, logger);

  const relayDatabase = await openDatabase({ databaseUrl });
  const kafka = createKafkaClient({ clientId: 'dealerflow-start', brokers, logger });
  const inputRelay = createInputRelay({ kafka, sql: relayDatabase.sql, logger });
  // The database, the input log and the read models of the embedded runtime; its tasks are never run here (nor is
  // their lease taken): the worker services are the tasks. The dashboards' worker states (stock positions, the
  // credit ledgers) are the workers' fold of the log as far as the relay handed it to them.
  const runtime = await openEmbeddedRuntime({
    databaseUrl,
    policies: options.policies,
    ingest: options.ingest,
    logger,
    runTasks: false,
    workerStateHorizon: relayedHorizon(relayDatabase.sql, inputRelay),
  });
  await inputRelay.start();
  const relayLoop = createInputRelayLoop({ relay: inputRelay, logger });
  // Every consumer of the output topics is closed at the stop: it leaves its group at once.
  const outputConsumers = closingOutputSource(createKafkaOutputSource({ kafka, logger }));
  const outputs = outputConsumers.source;
  // Event time as far as the relay has published it: quiet hours end, and finance decides, on it.
  const watermark = () => inputRelay.latest();
  const notifier = await startNotifier({
    prisma: runtime.prisma,
    writeLock: runtime.writeLock,
    lockScope: runtime.lockScope,
    watermark,
    outputs,
    settings: await notifierSettingsOf(options),
    policy: options.notify,
    calendar: options.policies.calendar,
    logger,
  });
  // The board and the credit-hold list follow output_log (the mirror below fills it), with their positions in
  // consumer_position as in the embedded runtime: an upgrade that empties them and forgets those positions (migration
  // 20260427000000_board_reprojected) has them projected again from the first output, which the topics may no longer hold.
  const boardProjector = createBoardProjector({ prisma: runtime.prisma, logger, outputs: runtime.outputSource, inputs: runtime.inputFeed });
  // The workers' outputs into output_log, positions stored with them: /v1/outputs and the timeline read them there.
  const outputLog = createOutputLogMirror({ kafka, prisma: runtime.prisma, logger });
  outputLog.onCopied((copied) => {
    if (copied > 0) boardProjector.wake();
  });
  const health = createRelayHealth({ sql: relayDatabase.sql, relay: inputRelay });
  await health.refresh();
  const server = createServer({
    eventLog: wakingOnAppend(runtime.eventLog, (result) => {
      health.appended(result.lastSeq);
      if (result.accepted > 0) relayLoop.wake();
    }),
    outputs: runtime.outputs,
    health,
    directory: runtime.dealers,
    preferences: notifier.preferences,
    inbox: notifier.inbox,
    notifications: notifier.notifications,
    webhookSecrets: notifier.webhookSecrets,
    email: notifier.email,
    creditHolds: createCreditHoldReader(runtime.prisma, runtime.outputSource),
    board: runtime.board,
    sessions: createSessionStore(runtime.prisma),
    clock: () => {
      const at = watermark();
      return at === undefined ? new Date() : new Date(Math.min(Date.now(), at));
    },
    notifyPolicy: options.notify,
    tokens,
    logger,
    bodyLimitBytes: options.env.DEALERFLOW_BODY_LIMIT_BYTES ? Number(options.env.DEALERFLOW_BODY_LIMIT_BYTES) : undefined,
  });

  stopOnSignals(async (signal) => {
    logger.info({ signal }, 'stopping: no new requests, the relay and the consumers finish what they hold');
    await server.close();
    await relayLoop.stop();
    await inputRelay.stop();
    await Promise.all([boardProjector.stop(), outputLog.stop(), notifier.stop()]);
    await outputConsumers.closeAll();
    health.stop();
    await runtime.close();
    await relayDatabase.close();
    logger.info({}, 'stopped');
  }, logger);

  relayLoop.start();
  boardProjector.start();
  outputLog.start();
  const address = await server.listen({ port: options.port, host: options.host });
  logger.info({ url: address, brokers, dataDir: options.dataDir, ...policyLogFields(options.policyFile) }, 'listening; the workers run as services on Kafka');
  if (options.demo) {
    const result = await runtime.eventLog.append(demoStory().map((event) => ({ value: event })));
    health.appended(result.lastSeq);
    relayLoop.wake();
    logger.info({ accepted: result.accepted, duplicates: result.duplicates }, 'demo story fed');
    process.stderr.write(`\nThe demo story is on its way to the worker services; the dashboards show it as they apply it.\n`);
    if (demoPeople.length > 0) process.stderr.write(`${describeDemoSignIns(demoPeople, address)}\n`);
  }
}
