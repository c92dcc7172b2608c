import type { PrismaClient } from '@dealerflow/db';
import {
  createInboxReader,
  createNotificationAdmin,
  createPreferencesStore,
  createSecretSealer,
  createWebhookSecretStore,
  emailSetupOf,
  emailStatusOf,
  type NotifierSettings,
} from '@dealerflow/notifier';

/**
 * What the API serves of the notifier in a process that does not run it (`--role ingest`): the stores in the
 * database (preferences, inbox, the list of notifications, dealers' webhook secrets) and how email leaves.
 *
 * A retry cannot be queued here: the delivery queue belongs to the process that runs the notifier (in process,
 * without REDIS_URL). So the retry hands the notification over through the database, as quiet hours do: it is
 * marked held until a time already past, and the notifier, which releases due held messages on every poll,
 * queues it within one poll (250 ms when idle). A rotated webhook secret reaches that process's signing cache
 * when its entry expires (DEALERFLOW_WEBHOOK_SECRETS_CACHE_MS).
 */
export function notifierPortsAlone(prisma: PrismaClient, settings: NotifierSettings) {
  const sealer = settings.DEALERFLOW_SECRETS_KEY === undefined ? undefined : createSecretSealer(settings.DEALERFLOW_SECRETS_KEY);
  const emailSetup = emailSetupOf(settings);
  return {
    preferences: createPreferencesStore(prisma),
    inbox: createInboxReader(prisma),
    notifications: createNotificationAdmin(prisma, async (job) => {
      await prisma.$executeRawUnsafe(
        `UPDATE notification SET status = 'held', not_before = '-infinity', updated_at = now() WHERE notification_id = $1 AND status = 'pending'`,
        job.notificationId,
      );
    }),
    webhookSecrets: createWebhookSecretStore({ prisma, sealer, defaultOverlapSeconds: settings.DEALERFLOW_WEBHOOK_SECRET_OVERLAP_SECONDS }),
    email: { status: () => emailStatusOf(emailSetup) },
  };
}
