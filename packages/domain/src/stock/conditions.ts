import type { StockAlertKind, StockAlertSeverity } from '@dealerflow/contracts';
import type { StockSettings } from './policy';

/** Bits of `stockConditions`' result. */
export const STOCKOUT = 1;
export const LOW_STOCK = 2;
export const OVERSTOCK = 4;

export const STOCK_ALERT_KINDS: readonly { kind: StockAlertKind; bit: number }[] = [
  { kind: 'stockout', bit: STOCKOUT },
  { kind: 'low_stock', bit: LOW_STOCK },
  { kind: 'overstock', bit: OVERSTOCK },
];

export type StockConditionSettings = Pick<StockSettings, 'salesWindowDays' | 'leadTimeDays' | 'safetyDays' | 'overstockDays'>;

/**
 * The conditions that hold, as bits. Decided on exact values: every comparison with ADS is
 * multiplied through by the window length, so it is integer arithmetic (no rounding, no division
 * by a zero ADS). Returns a number rather than a list because it runs for every SKU every day.
 */
export function stockConditions(
  onHand: number,
  position: number,
  unitsSold: number,
  settings: StockConditionSettings,
): number {
  if (unitsSold <= 0) return 0;
  const window = settings.salesWindowDays;
  if (onHand === 0) return STOCKOUT;
  let bits = 0;
  // position < ADS × (lead time + safety)
  if (position * window < unitsSold * (settings.leadTimeDays + settings.safetyDays)) bits |= LOW_STOCK;
  // on hand ÷ ADS > overstockDays
  if (onHand * window > settings.overstockDays * unitsSold) bits |= OVERSTOCK;
  return bits;
}

export function stockAlertSeverity(kind: StockAlertKind, tier: StockSettings['tier']): StockAlertSeverity {
  switch (kind) {
    case 'stockout':
      return 'critical';
    case 'low_stock':
      return tier === 'A' ? 'high' : 'medium';
    case 'overstock':
      return 'low';
    default: {
      const unexpected: never = kind;
      throw new Error(`unknown stock alert kind: ${String(unexpected)}`);
    }
  }
}
