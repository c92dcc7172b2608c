import type { DeliveredLine, RebateState } from './state';

/** A returned quantity as a credit note states it. */
export interface ReturnedLine {
  sku: string;
  qty: number;
  /** The order the goods were sold on, when the credit note names it. */
  orderId?: string | undefined;
}

/**
 * Takes returned goods off the sales they were counted in: each returned quantity is matched to the
 * dealer's recorded deliveries of the sku (of the named order, if any), latest delivery first, and
 * recorded as negative lines with that delivery's facts (date, order, price, category, tier), so the
 * return reduces the period, price and scope the sale was counted in. Returned units without a
 * recorded delivery (older than the history, or never seen) are not deducted. Returns the lines added.
 */
export function recordReturn(state: RebateState, returned: readonly ReturnedLine[]): DeliveredLine[] {
  const recorded: DeliveredLine[] = [];
  for (const line of returned) {
    const taken: DeliveredLine[] = [];
    let left = line.qty;
    for (const sale of netSales(state.lines, line.sku, line.orderId)) {
      if (left === 0) break;
      const take = Math.min(left, sale.qty);
      taken.push({ ...sale.line, qty: -take });
      left -= take;
    }
    // Recorded before the next returned line is matched, so two lines of one note never take the same units.
    state.lines.push(...taken);
    recorded.push(...taken);
  }
  return recorded;
}

/**
 * Units of a sku still counted per recorded sale (deliveries less earlier returns with the same
 * facts), latest first; only sales with units left.
 */
function netSales(lines: readonly DeliveredLine[], sku: string, orderId: string | undefined): { line: DeliveredLine; qty: number }[] {
  const byFacts = new Map<string, { line: DeliveredLine; qty: number; order: number }>();
  lines.forEach((line, order) => {
    if (line.sku !== sku || (orderId !== undefined && line.orderId !== orderId)) return;
    const key = JSON.stringify([line.date, line.orderId, line.unitPriceCents, line.category, line.dealerTier]);
    const sale = byFacts.get(key);
    if (sale) sale.qty += line.qty;
    else byFacts.set(key, { line, qty: line.qty, order });
  });
  return [...byFacts.values()]
    .filter((sale) => sale.qty > 0)
    .sort((a, b) => (a.line.date === b.line.date ? b.order - a.order : a.line.date < b.line.date ? 1 : -1));
}
