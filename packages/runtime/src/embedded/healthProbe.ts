import type { PrismaClient } from '@dealerflow/db';
import type { HealthProbe, RuntimeHealth } from './ports';

/** Reads the watermark and each worker's lag (input events after its checkpoint) from the database. */
export function createHealthProbe(prisma: PrismaClient, workers: readonly string[]): HealthProbe {
  return {
    async check(): Promise<RuntimeHealth> {
      const rows = await prisma.$queryRawUnsafe<{ worker: string; lag: bigint; watermark: Date | null }[]>(
        `SELECT w.worker,
                (SELECT count(*) FROM input_log i WHERE i.seq > COALESCE(c.input_seq, 0)) AS lag,
                c.watermark
           FROM unnest($1::text[]) AS w(worker)
           LEFT JOIN worker_checkpoint c ON c.worker = w.worker`,
        [...workers],
      );
      const lag: Record<string, number> = {};
      let watermark: Date | null = null;
      for (const row of rows) {
        lag[row.worker] = Number(row.lag);
        if (row.watermark && (!watermark || row.watermark > watermark)) watermark = row.watermark;
      }
      return { watermark: watermark ? watermark.toISOString() : null, lag };
    },
  };
}
