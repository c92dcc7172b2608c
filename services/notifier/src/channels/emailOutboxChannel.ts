import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import { PermanentDeliveryError, RetriableDeliveryError } from '../deliveryErrors';
import type { DeliveryJobOf } from '../deliveryJob';
import type { Channel } from './channel';
import { emailMessageOf, escapeKey, isRefusedMessage } from './emailMessage';

export interface EmailOutboxChannelOptions {
  /** The folder the messages are written to (DEALERFLOW_EMAIL_OUTBOX; `dealerflow start --demo`: `<data-dir>/outbox-email`). */
  folder: string;
  /** The From header (DEALERFLOW_EMAIL_FROM); its domain also names the Message-IDs. */
  from: string;
}

/**
 * Email without a relay, for a demo or a developer's machine: each message, exactly as it would go
 * to SMTP, is written to `<folder>/<notificationId>.eml` (RFC 5322, CRLF), which any mail program
 * opens. A repeat of the same notification rewrites its own file, as a mail system folds a repeat
 * by its Message-ID. Each file is written beside its name first and then renamed, so a reader never
 * sees half a message.
 */
export function createEmailOutboxChannel(options: EmailOutboxChannelOptions): Channel<'email'> {
  const compose = createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  let folderMade: Promise<unknown> | undefined;

  async function compile(job: DeliveryJobOf<'email'> & { address: string }): Promise<Buffer> {
    try {
      const info = await compose.sendMail(emailMessageOf(job, options.from));
      return info.message as Buffer;
    } catch (error) {
      const text = `email not written: ${error instanceof Error ? error.message : String(error)}`;
      throw isRefusedMessage(error) ? new PermanentDeliveryError(text, { cause: error }) : new RetriableDeliveryError(text, { cause: error });
    }
  }

  return {
    async send(job, { signal }) {
      if (job.address === null) throw new PermanentDeliveryError('no email address in the dealer master data');
      const message = await compile({ ...job, address: job.address });
      if (signal.aborted) throw new RetriableDeliveryError('attempt cancelled');
      const file = join(options.folder, outboxFileName(job.notificationId));
      const partial = `${file}.${randomUUID()}.part`;
      try {
        folderMade ??= mkdir(options.folder, { recursive: true });
        await folderMade;
        await writeFile(partial, message);
        await rename(partial, file);
      } catch (error) {
        // The folder may have been removed or the disk be full: a later attempt may succeed.
        folderMade = undefined;
        throw new RetriableDeliveryError(`email not written to ${options.folder}: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}

/** `<notificationId>.eml`, escaped as Message-IDs are: the name is safe and two ids never share one. */
export function outboxFileName(notificationId: string): string {
  return `${escapeKey(notificationId)}.eml`;
}

/** How many messages the outbox folder holds (0 when nothing was written yet). */
export async function countOutboxMessages(folder: string): Promise<number> {
  try {
    return (await readdir(folder)).filter((name) => name.endsWith('.eml')).length;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
