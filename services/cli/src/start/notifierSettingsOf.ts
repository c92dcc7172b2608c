import { resolve } from 'node:path';
import { readNotifierSettings, type NotifierSettings } from '@dealerflow/notifier';
import { loadOrCreateSecretsKey, loadOrCreateWebhookSecret } from './adminToken';
import type { StartOptions } from './startOptions';

/**
 * The notifier's settings from the environment, with the webhook secret and the secrets' sealing key
 * made once in the data directory when the environment names none.
 */
export async function notifierSettingsOf(options: StartOptions): Promise<NotifierSettings> {
  const webhookSecret = options.env.DEALERFLOW_WEBHOOK_SECRET?.trim() || (await loadOrCreateWebhookSecret(options.dataDir));
  const secretsKey = options.env.DEALERFLOW_SECRETS_KEY?.trim() || (await loadOrCreateSecretsKey(options.dataDir));
  return readNotifierSettings({
    ...options.env,
    DEALERFLOW_WEBHOOK_SECRET: webhookSecret,
    DEALERFLOW_SECRETS_KEY: secretsKey,
    ...demoEmailOutbox(options),
  });
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
