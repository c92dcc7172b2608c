import { PermanentDeliveryError } from '../deliveryErrors';
import type { NotifierSettings } from '../notifierSettings';
import type { Channel, Channels } from './channel';
import { createEmailChannel } from './emailChannel';
import { createEmailOutboxChannel } from './emailOutboxChannel';
import { emailSetupOf, type EmailSetup } from './emailSetup';
import { createInAppChannel } from './inAppChannel';
import type { InboxWriter } from './inboxWriter';
import { createWebhookChannel } from './webhookChannel';

export interface ChannelDependencies {
  inbox: InboxWriter;
  /** The dealer's own `whsec_…` webhook secrets, current first (`SigningSecrets.secretsFor`); none: the default. */
  webhookSecretsFor?: (dealerId: string) => readonly string[] | undefined | Promise<readonly string[] | undefined>;
}

export type ChannelSet = Channels & {
  /** How email leaves: SMTP, the outbox folder, or off (see `emailSetupOf`). */
  emailSetup: EmailSetup;
  /** Releases the SMTP pool. */
  close(): void;
};

/** The three channels from the environment's settings. */
export function createChannels(settings: NotifierSettings, deps: ChannelDependencies): ChannelSet {
  const emailSetup = emailSetupOf(settings);
  const smtp = emailSetup.mode === 'smtp'
    ? createEmailChannel({ smtpUrl: emailSetup.smtpUrl, from: settings.DEALERFLOW_EMAIL_FROM, timeoutMs: settings.DEALERFLOW_WEBHOOK_TIMEOUT_MS })
    : undefined;
  const email = smtp
    ?? (emailSetup.mode === 'outbox' ? createEmailOutboxChannel({ folder: emailSetup.folder, from: settings.DEALERFLOW_EMAIL_FROM }) : emailOffChannel);
  return {
    webhook: createWebhookChannel({
      defaultSecret: settings.DEALERFLOW_WEBHOOK_SECRET,
      ...(deps.webhookSecretsFor === undefined ? {} : { secretsFor: deps.webhookSecretsFor }),
      timeoutMs: settings.DEALERFLOW_WEBHOOK_TIMEOUT_MS,
    }),
    email,
    inApp: createInAppChannel(deps.inbox),
    emailSetup,
    close: () => smtp?.close(),
  };
}

// Email that is off is not planned (`channelsOn`); this only meets a message planned while email was on
// (pending at a restart without SMTP_URL, or an operator's retry): it waits in the failed list until email is set up.
const emailOffChannel: Channel<'email'> = {
  send: async () => {
    throw new PermanentDeliveryError('email is off: no SMTP_URL (nor DEALERFLOW_EMAIL_OUTBOX) configured');
  },
};
