import { z } from 'zod';

/**
 * The `ingest` section of the settings (docs/policy.md): what the door refuses beyond the schemas.
 * An event dated ahead of its receipt would move its dealer's clock (and a `clock.tick` every
 * dealer's) into the future, firing time rules early; a sender's clock that drifts is allowed for.
 */
export const ingestPolicySchema = z.object({
  /** How far `occurredAt` may be ahead of `receivedAt`, in minutes. */
  maxFutureSkewMinutes: z.number().finite().nonnegative().default(15),
});

export type IngestPolicy = z.infer<typeof ingestPolicySchema>;

export const DEFAULT_INGEST_POLICY: IngestPolicy = ingestPolicySchema.parse({});

/**
 * Why an event dated too far ahead of its receipt is refused, or undefined. An event without
 * `receivedAt` (a replayed file that does not say when its lines were received) cannot be judged.
 */
export function futureSkewProblem(event: { occurredAt: string; receivedAt?: string }, policy: IngestPolicy): string | undefined {
  if (event.receivedAt === undefined) return undefined;
  const ahead = Date.parse(event.occurredAt) - Date.parse(event.receivedAt);
  if (!(ahead > policy.maxFutureSkewMinutes * 60_000)) return undefined;
  const minutes = policy.maxFutureSkewMinutes;
  return (
    `occurredAt: ${event.occurredAt} is more than ${minutes} minute${minutes === 1 ? '' : 's'} after receivedAt ` +
    `${event.receivedAt} (ingest.maxFutureSkewMinutes)`
  );
}
