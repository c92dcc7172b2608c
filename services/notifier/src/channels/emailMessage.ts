import type { SendMailOptions } from 'nodemailer';
import type { DeliveryJobOf } from '../deliveryJob';

/**
 * The message an email job becomes, whatever carries it (the SMTP relay, or the outbox folder):
 * text and HTML parts in the recipient's language, and a Message-ID from the idempotency key, so a
 * repeat after a crash carries the same id for mail systems to fold.
 */
export function emailMessageOf(job: DeliveryJobOf<'email'> & { address: string }, from: string): SendMailOptions {
  const { payload } = job;
  return {
    from,
    to: payload.to === '' ? job.address : { name: payload.to, address: job.address },
    subject: payload.subject,
    text: payload.text,
    html: payload.html,
    messageId: messageIdFor(job.idempotencyKey, messageIdDomain(from)),
    headers: { 'Content-Language': payload.locale },
  };
}

/** `<key@domain>` with every character outside letters, digits, `-` and `_` percent-escaped, as RFC 5322 allows. */
export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<${escapeKey(idempotencyKey)}@${domain}>`;
}

/** Letters, digits, `-` and `_` kept, every other byte of the UTF-8 as `%XX`: one key, one safe name. */
export function escapeKey(key: string): string {
  return Array.from(new TextEncoder().encode(key), (byte) => {
    const char = String.fromCharCode(byte);
    return /[A-Za-z0-9_-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

function messageIdDomain(from: string): string {
  const match = /@([A-Za-z0-9.-]+)>?\s*$/.exec(from);
  return match?.[1] ?? 'dealerflow.invalid';
}

/** Codes nodemailer sets before any transport runs, for a message that nobody would take. */
const REFUSED_MESSAGE_CODES = new Set(['EENVELOPE', 'ECONFIG', 'EMESSAGE']);

export function isRefusedMessage(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && REFUSED_MESSAGE_CODES.has(code);
}
