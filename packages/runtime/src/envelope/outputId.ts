import { createHash } from 'node:crypto';

/**
 * An output's `eventId`, derived only from what caused it, so a replay of the same input gives the
 * same ids and a consumer can de-duplicate: the worker, the dealer, the causing input's id, the
 * output's position among what that worker decided for that dealer on that cause, and its type.
 */
export function outputEventId(parts: { source: string; dealerId: string; causedBy: string; ordinal: number; type: string }): string {
  const digest = createHash('sha256')
    .update(`${parts.source}\u0000${parts.dealerId}\u0000${parts.causedBy}\u0000${parts.ordinal}\u0000${parts.type}`)
    .digest('hex');
  return `out-${digest.slice(0, 32)}`;
}

/** A dead letter's `eventId`: where the input was received (a position in its stream) and its bytes. */
export function deadLetterEventId(position: string, raw: string): string {
  const digest = createHash('sha256').update(`${position}\u0000${raw}`).digest('hex');
  return `dlq-${digest.slice(0, 32)}`;
}
