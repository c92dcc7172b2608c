import type { DeliveryChannel } from '../deliveryJob';
import type { NotifierSettings } from '../notifierSettings';
import { countOutboxMessages } from './emailOutboxChannel';

/** How email leaves, from the settings: a relay wins over the outbox folder; with neither, email is off. */
export type EmailSetup =
  | { mode: 'smtp'; smtpUrl: string }
  | { mode: 'outbox'; folder: string }
  | { mode: 'off' };

/** What operators are shown of it (the ops page): never the relay's credentials. */
export type EmailStatus =
  | { mode: 'smtp'; relay: string }
  | { mode: 'outbox'; folder: string; messages: number }
  | { mode: 'off' };

export function emailSetupOf(settings: NotifierSettings): EmailSetup {
  if (settings.SMTP_URL !== undefined) return { mode: 'smtp', smtpUrl: settings.SMTP_URL };
  if (settings.DEALERFLOW_EMAIL_OUTBOX !== undefined) return { mode: 'outbox', folder: settings.DEALERFLOW_EMAIL_OUTBOX };
  return { mode: 'off' };
}

/** The channels messages are planned on: email that is off is not planned at all, so it never fails. */
export function channelsOn(setup: EmailSetup): DeliveryChannel[] {
  return setup.mode === 'off' ? ['webhook', 'inApp'] : ['webhook', 'email', 'inApp'];
}

export async function emailStatusOf(setup: EmailSetup): Promise<EmailStatus> {
  switch (setup.mode) {
    case 'smtp':
      return { mode: 'smtp', relay: relayOf(setup.smtpUrl) };
    case 'outbox':
      return { mode: 'outbox', folder: setup.folder, messages: await countOutboxMessages(setup.folder) };
    case 'off':
      return { mode: 'off' };
  }
}

/** `smtp://host:port` of SMTP_URL, without user, password or options. */
export function relayOf(smtpUrl: string): string {
  try {
    const url = new URL(smtpUrl);
    return `${url.protocol}//${url.host}`;
  } catch {
    return 'the relay SMTP_URL names';
  }
}
