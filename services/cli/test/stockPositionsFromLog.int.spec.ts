import { describe, expect, it } from 'vitest';
import type { InputEvent } from '@dealerflow/contracts';
import { openEmbeddedRuntime, type EmbeddedRuntime } from '@dealerflow/runtime';
import { generateStream } from '@dealerflow/testkit';
import { createStockPositionsFromLog } from '../src/start/stockPositionsFromLog';

// Stock positions of `dealerflow start` on Kafka: the stock worker's fold over the input log as far as the relay
// published, read in two steps (the second folds only what was published since), against the embedded runner's
// positions for the same log (in-memory PGlite).
const stream: InputEvent[] = [...generateStream({ dealers: 4, skus: 8, days: 30, seed: 5 })];
const dealerIds = [...new Set(stream.flatMap((event) => (event.type === 'dealer.upserted' ? [event.dealerId] : [])))].sort();

/** What the input relay would have recorded after publishing the whole log so far. */
async function relayedThroughHead(runtime: EmbeddedRuntime): Promise<number> {
  await runtime.prisma.$executeRawUnsafe(
    `INSERT INTO relay_position (name, position) SELECT 'input', COALESCE(max(seq), 0) FROM input_log
     ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position`,
  );
  const [row] = await runtime.prisma.$queryRawUnsafe<{ at: Date }[]>(`SELECT max(occurred_at) AS at FROM input_log`);
  return row!.at.getTime();
}

describe('stock positions on Kafka, folded from the input log', () => {
  it('equal the embedded runner’s for the same log, whether folded at once or a step at a time', async () => {
    const runtime = await openEmbeddedRuntime();
    try {
      const half = Math.floor(stream.length / 2);
      await runtime.eventLog.append(stream.slice(0, half).map((event) => ({ value: event })));
      let watermark = await relayedThroughHead(runtime);
      const stepwise = createStockPositionsFromLog({ prisma: runtime.prisma, stockPolicy: {}, directory: runtime.dealers, watermark: () => watermark });
      for (const dealerId of dealerIds) await stepwise(dealerId);

      await runtime.eventLog.append(stream.slice(half).map((event) => ({ value: event })));
      // Published only up to here: what ingest adds after the relay's position is not folded yet.
      const published = watermark;
      const atHalf = await stepwise(dealerIds[0]!);
      watermark = await relayedThroughHead(runtime);
      const folded = Object.fromEntries(await Promise.all(dealerIds.map(async (dealerId) => [dealerId, await stepwise(dealerId)] as const)));
      const atOnce = createStockPositionsFromLog({ prisma: runtime.prisma, stockPolicy: {}, directory: runtime.dealers, watermark: () => watermark });
      for (const dealerId of dealerIds) expect(await atOnce(dealerId)).toEqual(folded[dealerId]);
      expect(published).toBeLessThan(watermark);
      expect(atHalf).not.toEqual(folded[dealerIds[0]!]);

      // The embedded runner over the same log; its stop writes the states the board reads.
      runtime.start();
      for (;;) {
        const { lag } = await runtime.health.check();
        if (Object.values(lag).every((behind) => behind === 0)) break;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await runtime.runner.stop();
      const embedded = Object.fromEntries(await Promise.all(dealerIds.map(async (dealerId) => [dealerId, await runtime.board.stockPositions(dealerId)] as const)));
      expect(Object.values(embedded).some((positions) => positions.length > 0)).toBe(true);
      expect(folded).toEqual(embedded);
    } finally {
      await runtime.close();
    }
  });
});
