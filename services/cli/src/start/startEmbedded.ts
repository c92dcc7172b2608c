import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from '@dealerflow/api';
import { startNotifier, type EmailStatus } from '@dealerflow/notifier';
import { createCreditHoldReader, createSessionStore, openEmbeddedRuntime, type EmbeddedRuntime } from '@dealerflow/runtime';
import pino from 'pino';
import type { OutputEvent } from '@dealerflow/contracts';
import { describeOutput } from '../demo/describeOutput';
import { describeDemoSignIns } from '../demo/demoPeople';
import { demoStory } from '../demo/story';
import { notifierSettingsOf } from './notifierSettingsOf';
import { resolveSignIns } from './signIns';
import type { StartOptions } from './startOptions';
import { stopOnSignals } from './stopOnSignals';

export type { StartOptions } from './startOptions';

/**
 * The embedded runtime's composition root: every worker over a durable input log (PGlite in the
 * data directory, or the PostgreSQL that DATABASE_URL names), the HTTP API in front, and a clean
 * stop on SIGTERM or SIGINT (no new requests, the batch in hand committed, the database closed).
 */
export async function startEmbedded(options: StartOptions): Promise<void> {
  const logger = pino({ level: options.env.LOG_LEVEL ?? 'info', base: { service: 'dealerflow' } });
  await mkdir(options.dataDir, { recursive: true });
  const databaseUrl = options.env.DATABASE_URL?.trim() || undefined;
  const { tokens, demoPeople } = await resolveSignIns(options, logger);

  const runtime = await openEmbeddedRuntime({
    databaseUrl,
    dataDir: databaseUrl ? undefined : join(options.dataDir, 'pglite'),
    policies: options.policies,
    ingest: options.ingest,
    logger,
  });
  const notifier = await startNotifier({
    prisma: runtime.prisma,
    writeLock: runtime.writeLock,
    lockScope: runtime.lockScope,
    watermark: () => runtime.runner.watermark(),
    settings: await notifierSettingsOf(options),
    policy: options.notify,
    logger,
  });
  runtime.runner.onCommitted(() => notifier.wake());
  const server = createServer({
    eventLog: runtime.eventLog,
    outputs: runtime.outputs,
    health: runtime.health,
    directory: runtime.dealers,
    preferences: notifier.preferences,
    inbox: notifier.inbox,
    notifications: notifier.notifications,
    webhookSecrets: notifier.webhookSecrets,
    email: notifier.email,
    creditHolds: createCreditHoldReader(runtime.prisma),
    board: runtime.board,
    // Sign-ins in the database: they survive a restart, and sign-out ends them for every process.
    sessions: createSessionStore(runtime.prisma),
    // A decision happens at the pipeline's own time: in live operation the watermark follows the wall
    // clock (clock ticks each minute); on an instance fed history (the demo) the wall clock would jump
    // event time forward and fire every time rule at once.
    clock: () => {
      const watermark = runtime.runner.watermark();
      return watermark === undefined ? new Date() : new Date(Math.min(Date.now(), watermark));
    },
    notifyPolicy: options.notify,
    tokens,
    logger,
    bodyLimitBytes: options.env.DEALERFLOW_BODY_LIMIT_BYTES ? Number(options.env.DEALERFLOW_BODY_LIMIT_BYTES) : undefined,
  });

  stopOnSignals(async (signal) => {
    logger.info({ signal }, 'stopping: no new requests, finishing the batch in hand');
    await server.close();
    await runtime.runner.stop();
    await notifier.stop();
    await runtime.close();
    logger.info({}, 'stopped');
  }, logger);

  runtime.start();
  const address = await server.listen({ port: options.port, host: options.host });
  logger.info({ url: address, database: runtime.kind, dataDir: options.dataDir }, 'listening');
  if (options.demo) {
    // The story's events have fixed ids: a restart with --demo adds nothing twice.
    const result = await runtime.eventLog.append(demoStory().map((event) => ({ value: event })));
    logger.info({ accepted: result.accepted, duplicates: result.duplicates }, 'demo story fed');
    await printDemoDigest(runtime, address, await notifier.email.status());
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
