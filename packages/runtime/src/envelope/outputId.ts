import { hash } from 'node:crypto';

/**
 * An output's `eventId`, derived only from what caused it, so a replay of the same input gives the
 * same ids and a consumer can de-duplicate: the worker, the dealer, the causing input's id, the
 * output's position among what that worker decided for that dealer on that cause, and its type.
 */
export function outputEventId(parts: { source: string; dealerId: string; causedBy: string; ordinal: number; type: string }): string {
  // One-shot `hash` rather than a Hash object: every output gets an id, and building the object
  // cost three times the digest itself in the replay's profile.
  const digest = hash('sha256', `${parts.source}\u0000${parts.dealerId}\u0000${parts.causedBy}\u0000${parts.ordinal}\u0000${parts.type}`, 'hex');
  return `out-${digest.slice(0, 32)}`;
}

/** A dead letter's `eventId`: where the input was received (a position in its stream) and its bytes. */
export function deadLetterEventId(position: string, raw: string): string {
  const digest = hash('sha256', `${position}\u0000${raw}`, 'hex');
  return `dlq-${digest.slice(0, 32)}`;
}
