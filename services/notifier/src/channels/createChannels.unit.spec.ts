import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../deliveryErrors';
import type { DeliveryJobOf } from '../deliveryJob';
import { readNotifierSettings } from '../notifierSettings';
import { createChannels } from './createChannels';

const inbox = { write: async () => undefined };
const signal = new AbortController().signal;
const job: DeliveryJobOf<'email'> = {
  notificationId: 'N-1',
  idempotencyKey: 'K-1',
  channel: 'email',
  audience: 'finance',
  dealerId: 'D-1',
  address: 'finance@example.com',
  payload: { to: 'Finance', subject: 'S', text: 'T', html: '<p>T</p>', locale: 'en' },
};

describe('createChannels', () => {
  it('without SMTP_URL nor an outbox, has email off, and a message planned before fails permanently saying so', async () => {
    const channels = createChannels(readNotifierSettings({}), { inbox });
    expect(channels.emailSetup).toEqual({ mode: 'off' });
    const attempt = channels.email.send(job, { signal });
    await expect(attempt).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(attempt).rejects.toThrow('email is off: no SMTP_URL');
    channels.close();
  });

  it('without SMTP_URL, writes email to DEALERFLOW_EMAIL_OUTBOX', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'dealerflow-channels-')), 'outbox-email');
    const channels = createChannels(readNotifierSettings({ DEALERFLOW_EMAIL_OUTBOX: folder }), { inbox });
    expect(channels.emailSetup).toEqual({ mode: 'outbox', folder });
    await channels.email.send(job, { signal });
    expect(readdirSync(folder)).toEqual(['N-1.eml']);
    channels.close();
  });

  it('with SMTP_URL, sends over SMTP even when an outbox is named too', () => {
    const channels = createChannels(readNotifierSettings({ SMTP_URL: 'smtp://127.0.0.1:2525', DEALERFLOW_EMAIL_OUTBOX: '/tmp/x' }), { inbox });
    expect(channels.emailSetup).toEqual({ mode: 'smtp', smtpUrl: 'smtp://127.0.0.1:2525' });
    channels.close();
  });
});
