import { MAX_WEBHOOK_SECRET_OVERLAP_SECONDS } from '@dealerflow/runtime';
import { z } from 'zod';
import { retryPolicySchema, type RetryPolicy } from './retryPolicy';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** The notifier's environment, with the defaults docs/notifier-channels.md lists. */
export const notifierSettingsSchema = z.object({
  REDIS_URL: optionalText,
  SMTP_URL: optionalText,
  /** Without SMTP_URL: a folder that email is written to as `.eml` files instead (a demo, a developer's machine). */
  DEALERFLOW_EMAIL_OUTBOX: optionalText,
  DEALERFLOW_WEBHOOK_SECRET: optionalText.refine((value) => value === undefined || value.startsWith('whsec_'), {
    message: 'must be a whsec_… secret (base64 after the prefix)',
  }),
  /**
   * Seals dealers' own webhook secrets in the database (AES-256-GCM): without it the database alone would forge
   * every dealer's webhooks. Unset: no dealer can be given a secret of its own. Changing it makes existing ones unreadable.
   */
  DEALERFLOW_SECRETS_KEY: optionalText.refine((value) => value === undefined || value.length >= 32, {
    message: 'must be at least 32 characters of a random key (e.g. openssl rand -base64 32)',
  }),
  /** How long a dealer's replaced secret keeps signing beside the new one after a rotation (Standard Webhooks' overlap). */
  DEALERFLOW_WEBHOOK_SECRET_OVERLAP_SECONDS: z.coerce.number().int().min(0).max(MAX_WEBHOOK_SECRET_OVERLAP_SECONDS).default(86_400),
  /** How long the notifier trusts its read of the dealers' secrets; a rotation by another process shows within this. */
  DEALERFLOW_WEBHOOK_SECRETS_CACHE_MS: z.coerce.number().int().min(0).default(5_000),
  DEALERFLOW_NOTIFY_BACKOFF_MS: z.coerce.number().int().positive().default(2_000),
  DEALERFLOW_NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  DEALERFLOW_NOTIFY_CONCURRENCY: z.coerce.number().int().min(1).default(16),
  DEALERFLOW_WEBHOOK_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  DEALERFLOW_EMAIL_FROM: z.string().min(3).default('Dealerflow <notifications@dealerflow.invalid>'),
  /** Redis key prefix of the delivery queues (two environments can share one Redis). */
  DEALERFLOW_QUEUE_PREFIX: z.string().min(1).default('dealerflow'),
});

export type NotifierSettings = z.infer<typeof notifierSettingsSchema>;

export function readNotifierSettings(env: Record<string, string | undefined>): NotifierSettings {
  return notifierSettingsSchema.parse(env);
}

export function retryPolicyOf(settings: NotifierSettings): RetryPolicy {
  return retryPolicySchema.parse({
    firstDelayMs: settings.DEALERFLOW_NOTIFY_BACKOFF_MS,
    maxAttempts: settings.DEALERFLOW_NOTIFY_MAX_ATTEMPTS,
  });
}
