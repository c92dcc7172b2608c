import { createTransport } from 'nodemailer';
import { PermanentDeliveryError, RetriableDeliveryError } from '../deliveryErrors';
import type { DeliveryJobOf } from '../deliveryJob';
import type { Channel } from './channel';
import { emailMessageOf, isRefusedMessage } from './emailMessage';

export interface EmailChannelOptions {
  /** `smtp://user:pass@host:587` or `smtps://…` (SMTP_URL). */
  smtpUrl: string;
  /** The From header (DEALERFLOW_EMAIL_FROM); its domain also names the Message-IDs. */
  from: string;
  /** Per SMTP step (connect, greeting, each command). Default 10 s. */
  timeoutMs?: number;
  /** SMTP connections kept open at once. Default 5. */
  maxConnections?: number;
}

export interface EmailChannel extends Channel<'email'> {
  /** Closes the pooled SMTP connections. */
  close(): void;
}

/**
 * Sends each email job's message (`emailMessageOf`) through one pooled SMTP transport, and says from
 * the relay's answer whether another attempt could succeed.
 */
export function createEmailChannel(options: EmailChannelOptions): EmailChannel {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const transport = createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });

  return {
    async send(job: DeliveryJobOf<'email'>, { signal }) {
      if (job.address === null) throw new PermanentDeliveryError('no email address in the dealer master data');
      const sending = transport.sendMail(emailMessageOf({ ...job, address: job.address }, options.from));
      try {
        await untilAborted(sending, signal);
      } catch (error) {
        throw classifySmtpError(error);
      }
    },
    close() {
      transport.close();
    },
  };
}

function classifySmtpError(error: unknown): Error {
  if (error instanceof RetriableDeliveryError) return error;
  const { responseCode, message } = (error ?? {}) as { responseCode?: number; message?: string };
  const text = `email not accepted: ${message ?? String(error)}`;
  if (typeof responseCode === 'number' && responseCode >= 500) return new PermanentDeliveryError(text, { cause: error });
  if (typeof responseCode === 'number' && responseCode >= 400) return new RetriableDeliveryError(text, { cause: error });
  if (isRefusedMessage(error)) return new PermanentDeliveryError(text, { cause: error });
  return new RetriableDeliveryError(text, { cause: error });
}

/** nodemailer takes no AbortSignal: stop waiting when the queue cancels (the message may still go out). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new RetriableDeliveryError('attempt cancelled'));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new RetriableDeliveryError('attempt cancelled'));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
