import { roundHalfUp } from '../money';
import { figuresOfSku, type StockFigureSettings } from './figures';
import type { StockState } from './state';

/** One SKU's figures at one dealer as the stock worker holds them, decimals as the alerts publish them. */
export interface StockPositionFigures {
  sku: string;
  onHand: number;
  inTransit: number;
  onOrder: number;
  /** on hand + in transit + on order. */
  position: number;
  avgDailySales: number;
  /** null when nothing sold in the window. */
  daysOfCover: number | null;
  reorderPoint: number;
  suggestedOrderQty: number;
}

/**
 * The stock position of every SKU of a dealer whose on hand has been reported, read from the stock
 * worker's state on day `today` (the watermark's UTC day number) with the same figures code the
 * alerts use, rounded the same way. A SKU never counted has no position (the alerts ignore it too).
 * Lowest days of cover first (the SKUs closest to running out), those selling nothing last, then by sku.
 */
export function stockPositions(
  state: StockState | undefined,
  today: number,
  settings: StockFigureSettings,
  packSizeOf: (sku: string) => number,
): StockPositionFigures[] {
  if (!state) return [];
  const positions: StockPositionFigures[] = [];
  for (const stock of state.skus) {
    const figures = figuresOfSku(stock, today, settings, packSizeOf(stock.sku));
    if (!figures) continue;
    positions.push({
      sku: stock.sku,
      onHand: figures.onHand,
      inTransit: figures.inTransit,
      onOrder: figures.onOrder,
      position: figures.position,
      avgDailySales: roundHalfUp(figures.avgDailySales, 2),
      daysOfCover: figures.daysOfCover === null ? null : roundHalfUp(figures.daysOfCover, 2),
      reorderPoint: roundHalfUp(figures.reorderPoint, 2),
      suggestedOrderQty: figures.suggestedOrderQty,
    });
  }
  return positions.sort(byCover);
}

function byCover(a: StockPositionFigures, b: StockPositionFigures): number {
  if (a.daysOfCover !== b.daysOfCover) {
    if (a.daysOfCover === null) return 1;
    if (b.daysOfCover === null) return -1;
    return a.daysOfCover - b.daysOfCover;
  }
  return a.sku < b.sku ? -1 : a.sku > b.sku ? 1 : 0;
}
