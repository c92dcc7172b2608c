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
  type Pipeline,
  type StateStore,
  type StockPolicy,
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
  /** Dealers whose fold is kept in memory, the most recently read (default 100). */
  keptDealers?: number;
}

/** One dealer's fold so far: the stock worker's pipeline over the log up to `through`. */
interface DealerFold {
  pipeline: Pipeline;
  store: StateStore;
  through: bigint;
}

const DEFAULT_KEPT_DEALERS = 100;

/**
 * The dashboards' stock positions when the workers run as services on Kafka. The stock worker's
 * state lives in its own process (and in its task snapshots, which are its private rows and up to
 * `SNAPSHOT_EVENTS` behind), so this process computes the dealer's state again the way the worker
 * does: the stock worker's own fold (`createPipeline` with `stockWorker`) over what the input log
 * holds for the dealer and every reference event and clock tick, in log order, up to the position
 * the input relay has published (the relay publishes the log in order, so nothing below it commits
 * later). A dealer's state depends only on those (docs/kafka.md), so this is the state the worker
 * holds once it has applied what was published, and the figures are the embedded runtime's: the
 * domain's `stockPositions` at the watermark's day.
 *
 * The first read of a dealer folds its whole history; the fold is kept for the `keptDealers` read
 * most recently, so a later read folds only what was published since. Reads of one dealer take turns.
 */
export function createStockPositionsFromLog(options: StockPositionsFromLogOptions): (dealerId: string) => Promise<StockPosition[]> {
  const policy = stockPolicySchema.parse(options.stockPolicy ?? {});
  const keptDealers = options.keptDealers ?? DEFAULT_KEPT_DEALERS;
  const folds = new Map<string, Promise<DealerFold>>();

  function freshFold(): DealerFold {
    const store = createMemoryStateStore();
    return { pipeline: createPipeline({ workers: [stockWorker], policies: { stock: policy }, store, dedupe: false }), store, through: 0n };
  }

  /** Folds what was published for the dealer since its fold's position. */
  async function foldFurther(dealerId: string, previous: Promise<DealerFold> | undefined): Promise<DealerFold> {
    // A read that failed leaves no fold: start again from the beginning.
    const fold = (await previous?.catch(() => undefined)) ?? freshFold();
    const rows = await options.prisma.$queryRawUnsafe<{ seq: bigint; body: string }[]>(
      `SELECT seq, body FROM input_log
        WHERE (dealer_id = $1 OR dealer_id IS NULL) AND seq > $2::bigint
          AND seq <= COALESCE((SELECT position FROM relay_position WHERE name = 'input'), 0)
        ORDER BY seq`,
      dealerId,
      String(fold.through),
    );
    for (const row of rows) fold.pipeline.accept(JSON.parse(row.body) as InputEvent);
    if (rows.length > 0) fold.through = rows[rows.length - 1]!.seq;
    return fold;
  }

  /** The dealer's fold brought up to date; the most recently read stay kept. */
  function foldOf(dealerId: string): Promise<DealerFold> {
    const next = foldFurther(dealerId, folds.get(dealerId));
    folds.delete(dealerId);
    folds.set(dealerId, next);
    for (const oldest of folds.keys()) {
      if (folds.size <= keptDealers) break;
      folds.delete(oldest);
    }
    return next;
  }

  return async (dealerId) => {
    const watermark = options.watermark();
    if (watermark === undefined) return [];
    const fold = await foldOf(dealerId);
    return positionsOf(fold.store.get('stock', dealerId) as StockState | undefined, dealerId, watermark, policy, options.directory);
  };
}

/** Days of cover per SKU at the watermark's day, with the dealer's tier and lead time and the products' pack sizes. */
async function positionsOf(state: StockState | undefined, dealerId: string, watermark: number, policy: StockPolicy, directory: Directory): Promise<StockPosition[]> {
  if (!state) return [];
  const [profile, packSizes] = await Promise.all([directory.profile(dealerId), directory.packSizes(state.skus.map((stock) => stock.sku))]);
  // A SKU missing from the product table is ordered by the unit, as the alerts do.
  return stockPositions(state, dayNumberOf(watermark), stockSettingsFor(policy, profile), (sku) => packSizes.get(sku) ?? 1);
}
