import type { Mutex } from 'async-mutex';
import type { PrismaClient } from '@dealerflow/db';
import { defaultNotifyPolicy, type CalendarPolicy, type NotifyPolicy } from '@dealerflow/domain';
import { createDealerDirectory, createLogOutputSource, type Directory, type LogLockScope, type OutputSource, type RuntimeLogger } from '@dealerflow/runtime';
import { createChannels } from './channels/createChannels';
import { createDeliveryHandler } from './channels/channel';
import { channelsOn, emailStatusOf, relayOf, type EmailSetup } from './channels/emailSetup';
import { createSqlInboxWriter } from './channels/inboxWriter';
import { createInboxReader, createNotificationAdmin, createNotifierConsumer, createPreferencesStore } from './consumer';
import type { DeliveryError } from './deliveryErrors';
import type { DeliveryJob } from './deliveryJob';
import type { NotifierSettings } from './notifierSettings';
import { createDeliveryQueue } from './queue/createDeliveryQueue';
import { readDeploymentId } from './queue/deploymentId';
import { createSecretSealer } from './webhookSecrets/secretSealer';
import { createSigningSecrets } from './webhookSecrets/signingSecrets';
import { createWebhookSecretStore } from './webhookSecrets/webhookSecretStore';

export interface StartNotifierOptions {
  prisma: PrismaClient;
  writeLock: Mutex;
  /** The runtime's `lockScope`: how long a transaction appending to the logs holds `writeLock`. Default `batch`. */
  lockScope?: LogLockScope;
  /** The pipeline's event time (quiet hours end in event time). */
  watermark: () => number | undefined;
  /** Where the workers' outputs are read (the output source port); default: `output_log` in `prisma`'s database. */
  outputs?: OutputSource;
  /** Dealer profiles and rebate programs (the directory port); default: the directory in `prisma`'s database. */
  directory?: Directory;
  settings: NotifierSettings;
  policy?: NotifyPolicy;
  /** The company's calendar (the settings file's `calendar`, as the workers have it); default UTC. */
  calendar?: CalendarPolicy;
  logger: RuntimeLogger;
  /** Told of each outcome once it is recorded (the benchmark times output → delivered by it). */
  onOutcome?: (job: DeliveryJob, outcome: { kind: 'delivered' } | { kind: 'failed'; error: string }) => void;
}

/**
 * The notifier over a running runtime's database: consumer, queue (BullMQ when REDIS_URL is set,
 * in process otherwise), channels (email only when SMTP_URL or DEALERFLOW_EMAIL_OUTBOX sets it up),
 * and the stores the API serves (preferences, inbox, the list of notifications with retry, dealers' webhook secrets). `stop()` lets the messages in hand finish and record their outcome.
 */
export async function startNotifier(options: StartNotifierOptions) {
  const { settings } = options;
  const sealer = settings.DEALERFLOW_SECRETS_KEY === undefined ? undefined : createSecretSealer(settings.DEALERFLOW_SECRETS_KEY);
  const signingSecrets = createSigningSecrets({
    prisma: options.prisma,
    sealer,
    ttlMs: settings.DEALERFLOW_WEBHOOK_SECRETS_CACHE_MS,
    logger: options.logger,
  });
  // The API and this notifier share the store when they run in one process: a rotation applies to the next attempt.
  const webhookSecrets = createWebhookSecretStore({
    prisma: options.prisma,
    sealer,
    defaultOverlapSeconds: settings.DEALERFLOW_WEBHOOK_SECRET_OVERLAP_SECONDS,
    onChange: () => signingSecrets.forget(),
  });
  const channels = createChannels(settings, {
    inbox: createSqlInboxWriter(options.prisma),
    webhookSecretsFor: (dealerId) => signingSecrets.secretsFor(dealerId),
  });
  logEmailSetup(options.logger, channels.emailSetup);
  if (sealer === undefined) {
    options.logger.child({ component: 'notifier' }).info({}, "no DEALERFLOW_SECRETS_KEY: no dealer can be given a webhook secret of its own");
  }
  const consumer = createNotifierConsumer({
    prisma: options.prisma,
    writeLock: options.writeLock,
    outputs: options.outputs ?? createLogOutputSource(options.prisma),
    directory: options.directory ?? createDealerDirectory(options.prisma),
    lockScope: options.lockScope,
    policy: options.policy ?? defaultNotifyPolicy,
    calendar: options.calendar,
    channels: channelsOn(channels.emailSetup),
    watermark: options.watermark,
    logger: options.logger,
  });
  const { onOutcome } = options;
  // Only BullMQ keeps anything outside the database; the in-process queue needs no id.
  const deploymentId = settings.REDIS_URL === undefined ? undefined : await readDeploymentId(options.prisma);
  const outcomes =
    onOutcome === undefined
      ? consumer.outcomes
      : {
          onDelivered: async (job: DeliveryJob, attempts: number) => {
            await consumer.outcomes.onDelivered(job, attempts);
            onOutcome(job, { kind: 'delivered' });
          },
          onFailed: async (job: DeliveryJob, attempts: number, error: DeliveryError) => {
            await consumer.outcomes.onFailed(job, attempts, error);
            onOutcome(job, { kind: 'failed', error: error.message });
          },
          stillOwed: consumer.outcomes.stillOwed,
        };
  const queue = createDeliveryQueue(
    options.settings,
    { ...outcomes, onBackendError: (error) => options.logger.error({ err: error }, 'delivery queue backend error') },
    { deploymentId },
  );
  await consumer.start(queue, createDeliveryHandler(channels));
  return {
    consumer,
    preferences: createPreferencesStore(options.prisma),
    inbox: createInboxReader(options.prisma),
    notifications: createNotificationAdmin(options.prisma, (job) => queue.enqueue(job)),
    /** Dealers' own webhook secrets: create, rotate, describe, drop (`POST /v1/dealers/{id}/webhook-secret`). */
    webhookSecrets,
    /** How email leaves (SMTP, the outbox folder, or off), for the ops page. */
    email: { status: () => emailStatusOf(channels.emailSetup) },
    wake: () => consumer.wake(),
    async stop(): Promise<void> {
      await consumer.stop();
      channels.close();
    },
  };
}

export type Notifier = Awaited<ReturnType<typeof startNotifier>>;

/** Said once at start, so an operator sees where email goes, or that it is off, before anything is sent. */
function logEmailSetup(logger: RuntimeLogger, setup: EmailSetup): void {
  const log = logger.child({ component: 'notifier' });
  if (setup.mode === 'smtp') log.info({ relay: relayOf(setup.smtpUrl) }, 'email goes out through the SMTP relay');
  else if (setup.mode === 'outbox') log.info({ folder: setup.folder }, 'email is written to the outbox folder, not sent (no SMTP_URL)');
  else log.info({}, 'email is off (no SMTP_URL): notifications go by webhook and in-app only');
}
