import type { StockSettings } from './policy';
import type { SkuStock } from './state';

/** What the figures of one (dealer, sku) are computed from. */
export interface StockFigureInput {
  onHand: number;
  inTransit: number;
  onOrder: number;
  /** Units sold over the sales window. */
  unitsSold: number;
  packSize: number;
}

export type StockFigureSettings = Pick<StockSettings, 'salesWindowDays' | 'leadTimeDays' | 'safetyDays' | 'reviewDays'>;

/** The figures of RULES.md §2, exact (not rounded). */
export interface StockFigures {
  onHand: number;
  inTransit: number;
  onOrder: number;
  position: number;
  avgDailySales: number;
  reorderPoint: number;
  /** On hand ÷ ADS; null when nothing was sold in the window. */
  daysOfCover: number | null;
  suggestedOrderQty: number;
}

export function computeStockFigures(input: StockFigureInput, settings: StockFigureSettings): StockFigures {
  const window = settings.salesWindowDays;
  const position = input.onHand + input.inTransit + input.onOrder;
  return {
    onHand: input.onHand,
    inTransit: input.inTransit,
    onOrder: input.onOrder,
    position,
    avgDailySales: input.unitsSold / window,
    reorderPoint: (input.unitsSold * (settings.leadTimeDays + settings.safetyDays)) / window,
    daysOfCover: input.unitsSold === 0 ? null : (input.onHand * window) / input.unitsSold,
    suggestedOrderQty: suggestedOrderQty({
      unitsSold: input.unitsSold,
      windowDays: window,
      coverDays: settings.leadTimeDays + settings.safetyDays + settings.reviewDays,
      position,
      packSize: input.packSize,
    }),
  };
}

/**
 * The smallest multiple of packSize ≥ ADS × coverDays − position (0 when that is ≤ 0). Computed on
 * the exact fraction (unitsSold × coverDays − position × windowDays) / windowDays, so an ADS such
 * as 10/3 never rounds a need of exactly one pack up to two.
 */
export function suggestedOrderQty(input: {
  unitsSold: number;
  windowDays: number;
  coverDays: number;
  position: number;
  packSize: number;
}): number {
  const shortfallTimesWindow = input.unitsSold * input.coverDays - input.position * input.windowDays;
  if (shortfallTimesWindow <= 0) return 0;
  const packTimesWindow = input.packSize * input.windowDays;
  return Math.ceil(shortfallTimesWindow / packTimesWindow) * input.packSize;
}

/**
 * The figures of a SKU as of day `today` (UTC day number), read without changing the state (for
 * read models and dashboards); null while its on hand has never been reported.
 */
export function figuresOfSku(
  stock: SkuStock,
  today: number,
  settings: StockFigureSettings,
  packSize: number,
): StockFigures | null {
  if (stock.onHand === null) return null;
  const start = today - settings.salesWindowDays + 1;
  let unitsSold = 0;
  for (let i = 0; i < stock.saleDays.length; i += 1) {
    const day = stock.saleDays[i]!;
    if (day >= start && day <= today) unitsSold += stock.saleQtys[i]!;
  }
  return computeStockFigures(
    { onHand: stock.onHand, inTransit: stock.inTransit, onOrder: stock.onOrder, unitsSold, packSize },
    settings,
  );
}
