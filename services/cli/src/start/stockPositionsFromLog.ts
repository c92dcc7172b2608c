import type { InputEvent } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import {
  createMemoryStateStore,
  createPipeline,
  dayNumberOf,
  stockPolicySchema,
  stockPositions,
  stockSettingsFor,
  stockWorker,
  type StockState,
} from '@dealerflow/domain';
import type { Directory, StockPosition } from '@dealerflow/runtime';

export interface StockPositionsFromLogOptions {
  prisma: PrismaClient;
  /** The stock worker's policy as the worker services run it (`stock` of the policies). */
  stockPolicy: unknown;
  /** Profiles and pack sizes (the directory read model of `dealerflow start`). */
  directory: Directory;
  /** The instant the positions are read at: the latest the input relay published (epoch ms). */
  watermark: () => number | undefined;
}

/**
 * The dashboards' stock positions when the workers run as services on Kafka. The stock worker's
 * state lives in its own process (and in its task snapshots, which are its private rows and up to
 * `SNAPSHOT_EVENTS` behind), so this process computes the dealer's state again the way the worker
 * does: the stock worker's own fold (`createPipeline` with `stockWorker`) over what the input log
 * holds for the dealer and every reference event and clock tick, in log order, up to the position
 * the input relay has published. A dealer's state depends only on those (docs/kafka.md), so this is
 * the state the worker holds once it has applied what was published, and the figures are the
 * embedded runtime's: the domain's `stockPositions` at the watermark's day. It costs a read of the
 * dealer's history on each request, as the exposure chart does.
 */
export function createStockPositionsFromLog(options: StockPositionsFromLogOptions): (dealerId: string) => Promise<StockPosition[]> {
  const policy = stockPolicySchema.parse(options.stockPolicy ?? {});
  return async (dealerId) => {
    const watermark = options.watermark();
    if (watermark === undefined) return [];
    const rows = await options.prisma.$queryRawUnsafe<{ body: string }[]>(
      `SELECT body FROM input_log
        WHERE (dealer_id = $1 OR dealer_id IS NULL)
          AND seq <= COALESCE((SELECT position FROM relay_position WHERE name = 'input'), 0)
        ORDER BY seq`,
      dealerId,
    );
    const store = createMemoryStateStore();
    const pipeline = createPipeline({ workers: [stockWorker], policies: { stock: policy }, store, dedupe: false });
    for (const row of rows) pipeline.accept(JSON.parse(row.body) as InputEvent);
    const state = store.get('stock', dealerId) as StockState | undefined;
    if (!state) return [];
    const [profile, packSizes] = await Promise.all([options.directory.profile(dealerId), options.directory.packSizes(state.skus.map((stock) => stock.sku))]);
    // A SKU missing from the product table is ordered by the unit, as the alerts do.
    return stockPositions(state, dayNumberOf(watermark), stockSettingsFor(policy, profile), (sku) => packSizes.get(sku) ?? 1);
  };
}
