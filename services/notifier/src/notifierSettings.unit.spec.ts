import { describe, expect, it } from 'vitest';
import { readNotifierSettings, retryPolicyOf } from './notifierSettings';

describe('readNotifierSettings', () => {
  it('gives the documented defaults for an empty environment', () => {
    const settings = readNotifierSettings({});
    expect(settings).toEqual({
      REDIS_URL: undefined,
      SMTP_URL: undefined,
      DEALERFLOW_EMAIL_OUTBOX: undefined,
      DEALERFLOW_WEBHOOK_SECRET: undefined,
      DEALERFLOW_SECRETS_KEY: undefined,
      DEALERFLOW_WEBHOOK_SECRET_OVERLAP_SECONDS: 86_400,
      DEALERFLOW_WEBHOOK_SECRETS_CACHE_MS: 5_000,
      DEALERFLOW_NOTIFY_BACKOFF_MS: 2_000,
      DEALERFLOW_NOTIFY_MAX_ATTEMPTS: 8,
      DEALERFLOW_NOTIFY_CONCURRENCY: 16,
      DEALERFLOW_WEBHOOK_TIMEOUT_MS: 10_000,
      DEALERFLOW_EMAIL_FROM: 'Dealerflow <notifications@dealerflow.invalid>',
      DEALERFLOW_QUEUE_PREFIX: 'dealerflow',
    });
    expect(retryPolicyOf(settings)).toMatchObject({ firstDelayMs: 2_000, maxAttempts: 8 });
  });

  it('reads numbers from strings and treats blank values as unset', () => {
    const settings = readNotifierSettings({ DEALERFLOW_NOTIFY_BACKOFF_MS: '250', REDIS_URL: '  ', SMTP_URL: 'smtp://127.0.0.1:2525' });
    expect(retryPolicyOf(settings).firstDelayMs).toBe(250);
    expect(settings.REDIS_URL).toBeUndefined();
    expect(settings.SMTP_URL).toBe('smtp://127.0.0.1:2525');
  });

  it('refuses a webhook secret that is not whsec_ and a zero backoff', () => {
    expect(() => readNotifierSettings({ DEALERFLOW_WEBHOOK_SECRET: 'hunter2' })).toThrow(/whsec_/);
    expect(() => readNotifierSettings({ DEALERFLOW_NOTIFY_BACKOFF_MS: '0' })).toThrow();
  });

  it('refuses a secrets key shorter than 32 characters without repeating it, and an overlap over a week', () => {
    const short = 'too-short-a-key-0123456789';
    const refusal = (() => {
      try {
        readNotifierSettings({ DEALERFLOW_SECRETS_KEY: short });
      } catch (error) {
        return (error as Error).message;
      }
      return 'accepted';
    })();
    expect(refusal).toMatch(/at least 32 characters/);
    expect(refusal).not.toContain(short);
    expect(readNotifierSettings({ DEALERFLOW_SECRETS_KEY: ` ${'k'.repeat(32)} ` }).DEALERFLOW_SECRETS_KEY).toBe('k'.repeat(32));
    expect(() => readNotifierSettings({ DEALERFLOW_WEBHOOK_SECRET_OVERLAP_SECONDS: String(8 * 86_400) })).toThrow();
    expect(readNotifierSettings({ DEALERFLOW_WEBHOOK_SECRET_OVERLAP_SECONDS: '0' }).DEALERFLOW_WEBHOOK_SECRET_OVERLAP_SECONDS).toBe(0);
  });
});
