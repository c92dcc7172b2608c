import { createTransport } from 'nodemailer';
import { PermanentDeliveryError, RetriableDeliveryError } from '../deliveryErrors';
import type { DeliveryJobOf } from '../deliveryJob';
import type { Channel } from './channel';

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

/** Codes nodemailer sets before talking to the server about a message that no server would take. */
const PERMANENT_LOCAL_CODES = new Set(['EENVELOPE', 'ECONFIG', 'EMESSAGE']);

/**
 * Sends text and HTML parts in the recipient's language through one pooled SMTP transport. The Message-ID
 * comes from the idempotency key, so a repeat after a crash carries the same id for mail systems to fold.
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
  const idDomain = messageIdDomain(options.from);

  return {
    async send(job: DeliveryJobOf<'email'>, { signal }) {
      if (job.address === null) throw new PermanentDeliveryError('no email address in the dealer master data');
      const { payload } = job;
      const sending = transport.sendMail({
        from: options.from,
        to: payload.to === '' ? job.address : { name: payload.to, address: job.address },
        subject: payload.subject,
        text: payload.text,
        html: payload.html,
        messageId: messageIdFor(job.idempotencyKey, idDomain),
        headers: { 'Content-Language': payload.locale },
      });
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

/** `<key@domain>` with every character outside letters, digits, `-` and `_` percent-escaped, as RFC 5322 allows. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  const escaped = Array.from(new TextEncoder().encode(idempotencyKey), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9_-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
  return `<${escaped}@${domain}>`;
}

function messageIdDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'dealerflow.invalid';
}

function classifySmtpError(error: unknown): Error {
  if (error instanceof RetriableDeliveryError) return error;
  const { responseCode, code, message } = (error ?? {}) as { responseCode?: number; code?: string; message?: string };
  const text = `email not accepted: ${message ?? String(error)}`;
  if (typeof responseCode === 'number' && responseCode >= 500) return new PermanentDeliveryError(text, { cause: error });
  if (typeof responseCode === 'number' && responseCode >= 400) return new RetriableDeliveryError(text, { cause: error });
  if (code !== undefined && PERMANENT_LOCAL_CODES.has(code)) return new PermanentDeliveryError(text, { cause: error });
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
