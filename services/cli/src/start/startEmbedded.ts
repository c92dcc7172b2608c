import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from '@dealerflow/api';
import { startNotifier, type EmailStatus, type Notifier } from '@dealerflow/notifier';
import { createCreditHoldReader, createSessionStore, openEmbeddedRuntime, type EmbeddedRuntime } from '@dealerflow/runtime';
import pino, { type Logger } from 'pino';
import type { OutputEvent } from '@dealerflow/contracts';
import { describeOutput } from '../demo/describeOutput';
import { describeDemoSignIns } from '../demo/demoPeople';
import { demoStory } from '../demo/story';
import { createHealthServer } from './healthServer';
import { notifierPortsAlone } from './notifierPortsAlone';
import { notifierSettingsOf } from './notifierSettingsOf';
import { policyLogFields } from '../settings/policyFileOf';
import { resolveSignIns } from './signIns';
import type { StartOptions } from './startOptions';
import { stopOnSignals } from './stopOnSignals';

export type { StartOptions } from './startOptions';

/**
 * The embedded runtime's composition root: every worker over a durable input log (PGlite in the
 * data directory, or the PostgreSQL that DATABASE_URL names), the HTTP API in front, and a clean
 * stop on SIGTERM or SIGINT (no new requests, the batch in hand committed, the database closed).
 * `--role` splits it over processes on one PostgreSQL database (startRole.ts): `ingest` serves the API
 * without the tasks, `runner` runs the tasks and the notifier with /healthz only.
 */
export async function startEmbedded(options: StartOptions): Promise<void> {
  const logger = pino({ level: options.env.LOG_LEVEL ?? 'info', base: { service: 'dealerflow', ...(options.role === 'all' ? {} : { role: options.role }) } });
  await mkdir(options.dataDir, { recursive: true });
  const databaseUrl = options.env.DATABASE_URL?.trim() || undefined;

  const runtime = await openEmbeddedRuntime({
    databaseUrl,
    dataDir: databaseUrl ? undefined : join(options.dataDir, 'pglite'),
    policies: options.policies,
    ingest: options.ingest,
    logger,
    runTasks: options.role !== 'ingest',
  });
  if (options.role === 'all' && !runtime.tasks.running()) {
    await runtime.close();
    throw new Error(
      'another process runs the tasks on this database (a dealerflow start with --role all or runner): start this one with --role ingest to serve the API beside it, or --role runner to stand by',
    );
  }
  if (options.role === 'runner') return startRunner(options, runtime, logger);
  return serveApi(options, runtime, logger);
}

/** The notifier, beside the runner that wakes it after each commit. */
async function startNotifierOn(options: StartOptions, runtime: EmbeddedRuntime, logger: Logger): Promise<Notifier> {
  const notifier = await startNotifier({
    prisma: runtime.prisma,
    writeLock: runtime.writeLock,
    lockScope: runtime.lockScope,
    watermark: () => runtime.watermark(),
    settings: await notifierSettingsOf(options),
    policy: options.notify,
    calendar: options.policies.calendar,
    logger,
  });
  runtime.runner.onCommitted(() => notifier.wake());
  return notifier;
}

/**
 * A process that held the tasks and lost them (its lock connection to the database failed) stops and exits 1:
 * another process may run them now, and a supervisor starting this one again makes it a standby.
 */
function exitWhenTasksLost(runtime: EmbeddedRuntime, stop: () => Promise<void>, logger: Logger): void {
  void runtime.tasks.lost.then(async (error) => {
    logger.error({ err: error }, 'lost the tasks (the lock connection to the database failed): stopping');
    await stop().catch((stopError: unknown) => logger.error({ err: stopError }, 'stop failed'));
    process.exit(1);
  });
}

/** Runs `stop` once, however many callers ask. */
function once(stop: () => Promise<void>): () => Promise<void> {
  let stopping: Promise<void> | undefined;
  return () => (stopping ??= stop());
}

/** `--role runner`: the tasks and the notifier, once this process holds them; /healthz on --port. */
async function startRunner(options: StartOptions, runtime: EmbeddedRuntime, logger: Logger): Promise<void> {
  let notifier: Notifier | undefined;
  let stopping = false;
  const health = createHealthServer({ health: runtime.health, tasks: () => (runtime.tasks.running() ? 'running' : 'standby') });
  const stop = once(async () => {
    stopping = true;
    await health.close();
    await runtime.runner.stop();
    await notifier?.stop();
    await runtime.close();
  });
  stopOnSignals(async (signal) => {
    logger.info({ signal }, 'stopping: finishing the batch in hand');
    await stop();
    logger.info({}, 'stopped');
  }, logger);
  exitWhenTasksLost(runtime, stop, logger);
  runtime.start();
  const url = await health.listen(options.port, options.host);
  logger.info({ url, database: runtime.kind, tasks: runtime.tasks.running() ? 'running' : 'standby', ...policyLogFields(options.policyFile) }, 'listening');
  if (!(await runtime.tasks.started)) return;
  const started = await startNotifierOn(options, runtime, logger);
  // A stop that came while the notifier started did not see it.
  if (stopping) await started.stop();
  else notifier = started;
}

/** `--role all` (the tasks and the notifier here) or `ingest` (neither): the HTTP API. */
async function serveApi(options: StartOptions, runtime: EmbeddedRuntime, logger: Logger): Promise<void> {
  const { tokens, demoPeople } = await resolveSignIns(options, logger);
  const notifier = options.role === 'all' ? await startNotifierOn(options, runtime, logger) : undefined;
  const notifierPorts = notifier ?? notifierPortsAlone(runtime.prisma, await notifierSettingsOf(options));
  const server = createServer({
    eventLog: runtime.eventLog,
    outputs: runtime.outputs,
    health: runtime.health,
    directory: runtime.dealers,
    preferences: notifierPorts.preferences,
    inbox: notifierPorts.inbox,
    notifications: notifierPorts.notifications,
    webhookSecrets: notifierPorts.webhookSecrets,
    email: notifierPorts.email,
    creditHolds: createCreditHoldReader(runtime.prisma),
    board: runtime.board,
    // Sign-ins in the database: they survive a restart, and sign-out ends them for every process.
    sessions: createSessionStore(runtime.prisma),
    // A decision happens at the pipeline's own time: in live operation the watermark follows the wall
    // clock (clock ticks each minute); on an instance fed history (the demo) the wall clock would jump
    // event time forward and fire every time rule at once.
    clock: () => {
      const watermark = runtime.watermark();
      return watermark === undefined ? new Date() : new Date(Math.min(Date.now(), watermark));
    },
    notifyPolicy: options.notify,
    tokens,
    logger,
    bodyLimitBytes: options.env.DEALERFLOW_BODY_LIMIT_BYTES ? Number(options.env.DEALERFLOW_BODY_LIMIT_BYTES) : undefined,
  });

  const stop = once(async () => {
    await server.close();
    await runtime.runner.stop();
    await notifier?.stop();
    await runtime.close();
  });
  stopOnSignals(async (signal) => {
    logger.info({ signal }, 'stopping: no new requests, finishing the batch in hand');
    await stop();
    logger.info({}, 'stopped');
  }, logger);
  exitWhenTasksLost(runtime, stop, logger);

  runtime.start();
  const address = await server.listen({ port: options.port, host: options.host });
  logger.info({ url: address, database: runtime.kind, dataDir: options.dataDir, ...policyLogFields(options.policyFile) }, 'listening');
  if (options.demo) {
    // The story's events have fixed ids: a restart with --demo adds nothing twice.
    const result = await runtime.eventLog.append(demoStory().map((event) => ({ value: event })));
    logger.info({ accepted: result.accepted, duplicates: result.duplicates }, 'demo story fed');
    await printDemoDigest(runtime, address, await notifierPorts.email.status());
    if (demoPeople.length > 0) process.stderr.write(`${describeDemoSignIns(demoPeople, address)}\n`);
  }
}

/** Once the runner has applied the story, tells a newcomer what happened in it, a line per output. */
async function printDemoDigest(runtime: EmbeddedRuntime, address: string, email: EmailStatus): Promise<void> {
  for (;;) {
    const health = await runtime.health.check();
    if (Object.values(health.lag).every((lag) => lag === 0)) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const lines: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await runtime.outputs.read({ after, limit: 1000 });
    if (page.nextCursor === null) break;
    lines.push(...page.lines);
    after = page.nextCursor;
  }
  // What the workers concluded; the notifier's own records (who was told) are listed by /v1/notifications.
  const conclusions = lines.map((line) => JSON.parse(line) as OutputEvent).filter((output) => output.topic !== 'dealer.notifications.v1');
  const digest = conclusions.map(describeOutput).join('\n');
  process.stderr.write(`\nThe demo story, as Dealerflow saw it (${conclusions.length} outputs):\n\n${digest}\n\n` +
    `Every output:        curl -H "Authorization: Bearer <token>" ${address}/v1/outputs\n` +
    `Who was told what:   curl -H "Authorization: Bearer <token>" ${address}/v1/notifications\n` +
    `${describeEmail(email)}\n\n`);
}

function describeEmail(email: EmailStatus): string {
  if (email.mode === 'smtp') return `Emails:              sent through ${email.relay}`;
  if (email.mode === 'outbox') return `Emails:              written to ${email.folder}/ as .eml files (no SMTP_URL set)`;
  return 'Emails:              off (no SMTP_URL set)';
}
