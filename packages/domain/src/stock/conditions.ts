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

export type StockConditionSettings = Pick<
  StockSettings,
  'salesWindowDays' | 'leadTimeDays' | 'safetyDays' | 'overstockDays' | 'slowMoverDailySales'
>;

/** Whether the SKU sells below the slow-mover floor (ADS < slowMoverDailySales), decided on the exact ADS. */
export function isSlowMover(unitsSold: number, settings: Pick<StockSettings, 'salesWindowDays' | 'slowMoverDailySales'>): boolean {
  return unitsSold < settings.slowMoverDailySales * settings.salesWindowDays;
}

/**
 * The conditions that hold, as bits. Decided on exact values: every comparison with ADS is
 * multiplied through by the window length, so it is integer arithmetic (no rounding, no division
 * by a zero ADS). Returns a number rather than a list because it runs for every SKU every day.
 *
 * - Stock-out: nothing on hand of a SKU that sells at or above the slow-mover floor.
 * - Low stock: position below the reorder point, on hand or not: it stays open through a stock-out
 *   (the stock-out is its escalation, not its end); whether it is raised at a stock-out is
 *   `alertedConditions`' decision (only if it was open before). A slow mover's reorder point (a unit or two) is
 *   crossed by every single sale and delivery, so it is low only when nothing is on hand and
 *   nothing is on its way (position 0): the one case the dealer must act on.
 * - Overstock: only with a full window of sales history (`fullHistory`): a shorter history divided
 *   by the whole window understates sales and overstates cover (the opening report's flood). Not
 *   for a slow mover: its cover rests on two or three sales, and one sale more or less in the
 *   window moved it across the threshold and back.
 */
export function stockConditions(
  onHand: number,
  position: number,
  unitsSold: number,
  settings: StockConditionSettings,
  fullHistory = true,
): number {
  if (unitsSold <= 0) return 0;
  const window = settings.salesWindowDays;
  let bits = 0;
  const slow = isSlowMover(unitsSold, settings);
  if (onHand === 0 && !slow) bits |= STOCKOUT;
  // position < ADS × (lead time + safety); a slow mover: nothing on hand or on its way
  if (slow ? position === 0 : position * window < unitsSold * (settings.leadTimeDays + settings.safetyDays)) bits |= LOW_STOCK;
  // on hand ÷ ADS > overstockDays
  if (fullHistory && !slow && onHand * window > settings.overstockDays * unitsSold) bits |= OVERSTOCK;
  return bits;
}

/**
 * The conditions to keep alerts open for, given the ones already open (`openBits`): a stock-out
 * found while no low-stock alert is open does not raise one beside it. A SKU first seen empty, or
 * emptied between two counts, is one fact for the dealer: the stock-out, whose figures already carry
 * the reorder point and the quantity to order. A low-stock alert open before the stock-out stays
 * open through it (the dealer was told "low", then "out": the stock-out is its escalation). Once
 * something is on hand again the stock-out ends, and a position still under the reorder point
 * raises low stock then. Slow movers raise no stock-out, so their low stock is untouched.
 */
export function alertedConditions(bits: number, openBits: number): number {
  if ((bits & STOCKOUT) !== 0 && (openBits & LOW_STOCK) === 0) return bits & ~LOW_STOCK;
  return bits;
}

/** What a severity weighs besides the kind and the dealer's tier. */
export interface SeverityFacts {
  /** Goods for the SKU are expected within the dealer's lead time (in transit or on order). */
  arrivingWithinLeadTime: boolean;
  slowMover: boolean;
}

/**
 * - Stock-out: critical, unless goods arrive within the lead time (high: an order placed now would
 *   come no sooner; the alert lists what arrives when).
 * - Low stock: high for tier A dealers, medium otherwise; low for a slow mover.
 * - Overstock: low.
 */
export function stockAlertSeverity(
  kind: StockAlertKind,
  tier: StockSettings['tier'],
  facts: SeverityFacts = { arrivingWithinLeadTime: false, slowMover: false },
): StockAlertSeverity {
  switch (kind) {
    case 'stockout':
      return facts.arrivingWithinLeadTime ? 'high' : 'critical';
    case 'low_stock':
      if (facts.slowMover) return 'low';
      return tier === 'A' ? 'high' : 'medium';
    case 'overstock':
      return 'low';
    default: {
      const unexpected: never = kind;
      throw new Error(`unknown stock alert kind: ${String(unexpected)}`);
    }
  }
}
