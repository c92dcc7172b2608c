import {
  CREDIT_INPUT_TYPES,
  dayNumberOf,
  exposureHistory,
  stockPositions,
  stockSettingsFor,
  type CreditInputEvent,
  type StockPolicy,
  type StockState,
} from '@dealerflow/domain';
import type { ExposurePoint, StockPosition } from '../embedded/boardPorts';
import type { DealerHistory } from '../ports/dealerHistory';
import type { Directory } from '../ports/directory';
import type { WorkerStateView } from '../ports/workerStateView';

/**
 * The exposure chart: the dealer's credit inputs from its history, folded by the domain through the
 * credit worker's own ledger. A dealer's whole credit history is folded (figures depend on all of it);
 * only the last `limit` points are returned.
 */
export async function readExposureHistory(history: DealerHistory, dealerId: string, limit: number, companyTimeZone?: string): Promise<ExposurePoint[]> {
  const points = exposureHistory((await history.inputs(dealerId, CREDIT_INPUT_TYPES)) as CreditInputEvent[], companyTimeZone);
  return limit > 0 ? points.slice(-limit) : [];
}

/**
 * Days of cover per SKU: the stock worker's current state for the dealer (the worker state view,
 * wherever the worker runs), read at that state's watermark day with the domain's figures (the alerts'
 * code), the dealer's tier and lead time and the products' pack sizes (both from the directory).
 */
export async function readStockPositions(
  workerStates: WorkerStateView,
  directory: Directory,
  stockPolicy: StockPolicy,
  dealerId: string,
): Promise<StockPosition[]> {
  const [{ state, watermark }, profile] = await Promise.all([workerStates.dealer<StockState>('stock', dealerId), directory.profile(dealerId)]);
  if (!state || watermark === undefined) return [];
  const packSizes = await directory.packSizes(state.skus.map((stock) => stock.sku));
  // A SKU missing from the product table is ordered by the unit, as the alerts do.
  return stockPositions(state, dayNumberOf(watermark), stockSettingsFor(stockPolicy, profile), (sku) => packSizes.get(sku) ?? 1);
}
