import type { PrismaClient } from '@dealerflow/db';
import type { HealthProbe } from '@dealerflow/runtime';

/** The name under which /healthz reports the input events not yet published to Kafka. */
export const INPUT_RELAY_LAG = 'input-relay';

/**
 * /healthz when the workers run as services on Kafka: this process applies nothing, so its lag is
 * what the ingest relay has still to publish, and its watermark the latest instant it published.
 * The workers' own lag is their consumer groups' (docs/kafka.md).
 */
export function createRelayHealth(prisma: PrismaClient, latest: () => number | undefined): HealthProbe {
  return {
    async check() {
      const [row] = await prisma.$queryRawUnsafe<{ lag: bigint }[]>(
        `SELECT count(*) AS lag FROM input_log
          WHERE seq > COALESCE((SELECT position FROM relay_position WHERE name = 'input'), 0)`,
      );
      const watermark = latest();
      return { watermark: watermark === undefined ? null : new Date(watermark).toISOString(), lag: { [INPUT_RELAY_LAG]: Number(row?.lag ?? 0n) } };
    },
  };
}
