import { PermanentDeliveryError } from '../deliveryErrors';
import type { NotifierSettings } from '../notifierSettings';
import type { Channel, Channels } from './channel';
import { createEmailChannel } from './emailChannel';
import { createInAppChannel } from './inAppChannel';
import type { InboxWriter } from './inboxWriter';
import { createWebhookChannel } from './webhookChannel';

export interface ChannelDependencies {
  inbox: InboxWriter;
  /** The dealer's own `whsec_…` webhook secret from master data, if any. */
  webhookSecretFor?: (dealerId: string) => string | undefined | Promise<string | undefined>;
}

/** The three channels from the environment's settings; `close()` releases the SMTP pool. */
export function createChannels(settings: NotifierSettings, deps: ChannelDependencies): Channels & { close(): void } {
  const email = settings.SMTP_URL === undefined
    ? undefined
    : createEmailChannel({
        smtpUrl: settings.SMTP_URL,
        from: settings.DEALERFLOW_EMAIL_FROM,
        timeoutMs: settings.DEALERFLOW_WEBHOOK_TIMEOUT_MS,
      });
  return {
    webhook: createWebhookChannel({
      defaultSecret: settings.DEALERFLOW_WEBHOOK_SECRET,
      ...(deps.webhookSecretFor === undefined ? {} : { secretFor: deps.webhookSecretFor }),
      timeoutMs: settings.DEALERFLOW_WEBHOOK_TIMEOUT_MS,
    }),
    email: email ?? noSmtpChannel,
    inApp: createInAppChannel(deps.inbox),
    close: () => email?.close(),
  };
}

// A configuration gap, not a receiver's: the message waits in the dead-letter list until SMTP_URL is set.
const noSmtpChannel: Channel<'email'> = {
  send: async () => {
    throw new PermanentDeliveryError('no SMTP_URL configured');
  },
};
