import type { NotificationChannel } from './preferences';

export type NotificationAudience = 'dealer' | 'ops' | 'finance';

/**
 * The id (and idempotency key) of one notification: one send per fact, audience and channel. Derived
 * only from the output's `eventId` (a digest's first), so a replay or a retry gives the same id.
 * A 128-bit FNV-1a hash keeps it within the contract's 128 characters whatever the `eventId`'s length;
 * these ids are not secrets, so a non-cryptographic hash is enough and keeps the domain free of `node:crypto`.
 */
export function notificationIdOf(outputEventId: string, audience: NotificationAudience, channel: NotificationChannel): string {
  return `ntf-${fnv1a128(`${outputEventId}\u0000${audience}\u0000${channel}`)}`;
}

const FNV_OFFSET = 0x6c62272e07bb014262b821756295c58dn;
const FNV_PRIME = 0x0000000001000000000000000000013bn;
const MASK = (1n << 128n) - 1n;

function fnv1a128(text: string): string {
  let hash = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * FNV_PRIME) & MASK;
  }
  return hash.toString(16).padStart(32, '0');
}
