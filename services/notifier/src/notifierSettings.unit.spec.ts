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
});
