import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createServer, parseTokens } from '@dealerflow/api';
import type { NotifyPolicy, WorkerName } from '@dealerflow/domain';
import { readNotifierSettings, startNotifier, type EmailStatus } from '@dealerflow/notifier';
import { createCreditHoldReader, createSessionStore, openEmbeddedRuntime, type EmbeddedRuntime } from '@dealerflow/runtime';
import pino from 'pino';
import type { IngestPolicy, OutputEvent } from '@dealerflow/contracts';
import { describeOutput } from '../demo/describeOutput';
import { demoTokenSpec, describeDemoSignIns, loadOrCreateDemoPeople, type DemoPerson } from '../demo/demoPeople';
import { demoStory } from '../demo/story';
import { loadOrCreateAdminToken, loadOrCreateSecretsKey, loadOrCreateWebhookSecret } from './adminToken';

export interface StartOptions {
  port: number;
  host: string;
  dataDir: string;
  demo: boolean;
  policies: Record<WorkerName, unknown>;
  notify: NotifyPolicy;
  /** What the door refuses beyond the schemas (the settings' `ingest` section); the defaults when absent. */
  ingest?: IngestPolicy;
  env: NodeJS.ProcessEnv;
}

/**
 * The embedded runtime's composition root: every worker over a durable input log (PGlite in the
 * data directory, or the PostgreSQL that DATABASE_URL names), the HTTP API in front, and a clean
 * stop on SIGTERM or SIGINT (no new requests, the batch in hand committed, the database closed).
 */
export async function startEmbedded(options: StartOptions): Promise<void> {
  const logger = pino({ level: options.env.LOG_LEVEL ?? 'info', base: { service: 'dealerflow' } });
  await mkdir(options.dataDir, { recursive: true });
  const databaseUrl = options.env.DATABASE_URL?.trim() || undefined;
  const tokenSpec = options.env.DEALERFLOW_TOKENS?.trim();
  let tokens;
  // Without DEALERFLOW_TOKENS the demo gets a sign-in per role and dealer, so every dashboard can be opened.
  let demoPeople: DemoPerson[] = [];
  if (tokenSpec) {
    tokens = parseTokens(tokenSpec);
  } else {
    const admin = await loadOrCreateAdminToken(options.dataDir);
    if (options.demo) demoPeople = await loadOrCreateDemoPeople(options.dataDir);
    tokens = parseTokens([`${admin.token}=admin@admin`, ...(demoPeople.length > 0 ? [demoTokenSpec(demoPeople)] : [])].join(','));
    if (admin.created) process.stderr.write(`\nAdmin token (shown once, kept in ${admin.file}):\n  ${admin.token}\n\n`);
    else logger.info({ file: admin.file }, 'admin token from the data directory');
  }

  const runtime = await openEmbeddedRuntime({
    databaseUrl,
    dataDir: databaseUrl ? undefined : join(options.dataDir, 'pglite'),
    policies: options.policies,
    ingest: options.ingest,
    logger,
  });
  const webhookSecret = options.env.DEALERFLOW_WEBHOOK_SECRET?.trim() || (await loadOrCreateWebhookSecret(options.dataDir));
  const secretsKey = options.env.DEALERFLOW_SECRETS_KEY?.trim() || (await loadOrCreateSecretsKey(options.dataDir));
  const notifier = await startNotifier({
    prisma: runtime.prisma,
    writeLock: runtime.writeLock,
    lockScope: runtime.lockScope,
    watermark: () => runtime.runner.watermark(),
    settings: readNotifierSettings({
      ...options.env,
      DEALERFLOW_WEBHOOK_SECRET: webhookSecret,
      DEALERFLOW_SECRETS_KEY: secretsKey,
      ...demoEmailOutbox(options),
    }),
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

  let stopping: Promise<void> | undefined;
  const stop = (signal: string) => {
    stopping ??= (async () => {
      logger.info({ signal }, 'stopping: no new requests, finishing the batch in hand');
      await server.close();
      await runtime.runner.stop();
      await notifier.stop();
      await runtime.close();
      logger.info({}, 'stopped');
    })();
    return stopping;
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      void stop(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'stop failed');
          process.exit(1);
        },
      );
    });
  }

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

/**
 * The demo's email, when no relay is named, goes to `<data-dir>/outbox-email/` as `.eml` files a newcomer
 * can open, rather than failing for want of SMTP. Outside the demo, email without SMTP_URL is off unless
 * DEALERFLOW_EMAIL_OUTBOX names a folder (docs/notifier-channels.md).
 */
function demoEmailOutbox(options: StartOptions): { DEALERFLOW_EMAIL_OUTBOX?: string } {
  const { env } = options;
  if (!options.demo || env.SMTP_URL?.trim() || env.DEALERFLOW_EMAIL_OUTBOX?.trim()) return {};
  return { DEALERFLOW_EMAIL_OUTBOX: resolve(options.dataDir, 'outbox-email') };
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
