import type { Logger } from 'pino';

/** How email leaves, as the notifier tells it: through an SMTP relay, into an outbox folder, or not at all. */
export type EmailStatus =
  | { mode: 'smtp'; relay: string }
  | { mode: 'outbox'; folder: string; messages: number }
  | { mode: 'off' };

/** The notifier's answer (`dealerflow start`: `notifier.email`), for the ops page's notifications panel. */
export interface EmailStatusReader {
  status(): Promise<EmailStatus>;
}

/** A status that cannot be read (the outbox folder unreadable) leaves the line out rather than the page. */
export async function readEmailStatus(log: Logger, email: EmailStatusReader | undefined): Promise<EmailStatus | undefined> {
  if (email === undefined) return undefined;
  try {
    return await email.status();
  } catch (error) {
    log.warn({ err: error }, 'email status not read');
    return undefined;
  }
}
