import { describe, expect, it } from 'vitest';
import { PermanentDeliveryError } from '../deliveryErrors';
import { readNotifierSettings } from '../notifierSettings';
import { createChannels } from './createChannels';

describe('createChannels', () => {
  it('without SMTP_URL, fails email permanently so it waits in the dead-letter list', async () => {
    const channels = createChannels(readNotifierSettings({}), { inbox: { write: async () => undefined } });
    const attempt = channels.email.send(
      {
        notificationId: 'N-1',
        idempotencyKey: 'K-1',
        channel: 'email',
        audience: 'finance',
        dealerId: 'D-1',
        address: 'finance@example.com',
        payload: { to: 'Finance', subject: 'S', text: 'T', html: '<p>T</p>', locale: 'en' },
      },
      { signal: new AbortController().signal },
    );
    await expect(attempt).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(attempt).rejects.toThrow('no SMTP_URL configured');
    channels.close();
  });
});
