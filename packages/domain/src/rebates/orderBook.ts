import type { InputEventOf } from '@dealerflow/contracts';
import { toCents, type Cents } from '../money';
import type { OrderRecord, RebateState } from './state';

export type OrderEvent = InputEventOf<'order.placed' | 'order.amended' | 'order.cancelled'>;

/** Keeps the order lines that price deliveries (an amendment reprices what is delivered after it). */
export function applyOrderEvent(state: RebateState, event: OrderEvent, date: string): void {
  const order = state.orders[event.data.orderId];
  switch (event.type) {
    case 'order.placed':
      state.orders[event.data.orderId] = {
        lines: pricedLines(event.data.lines),
        delivered: order?.delivered ?? {},
        cancelled: order?.cancelled ?? false,
        lastDate: date,
      };
      return;
    case 'order.amended':
      if (!order) return;
      if (event.data.lines) order.lines = pricedLines(event.data.lines);
      order.lastDate = date;
      return;
    case 'order.cancelled':
      if (order) {
        order.cancelled = true;
        order.lastDate = date;
      } else {
        state.orders[event.data.orderId] = { lines: [], delivered: {}, cancelled: true, lastDate: date };
      }
      return;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

function pricedLines(lines: readonly { sku: string; qty: number; unitPrice: number }[]): OrderRecord['lines'] {
  return lines.map((line) => ({ sku: line.sku, qty: line.qty, unitPriceCents: toCents(line.unitPrice) }));
}

/**
 * Prices a delivered quantity of a sku against the order's lines for it, in line order, after
 * what earlier deliveries took; units beyond the ordered quantity take the last line's price.
 * Returns [qty, unit price or null] parts; null when the order has no line for the sku.
 */
export function priceDelivered(order: OrderRecord | undefined, sku: string, qty: number): { qty: number; unitPriceCents: Cents | null }[] {
  const lines = order?.lines.filter((line) => line.sku === sku) ?? [];
  const last = lines[lines.length - 1];
  if (!order || !last) return [{ qty, unitPriceCents: null }];
  let skip = order.delivered[sku] ?? 0;
  let left = qty;
  const parts: { qty: number; unitPriceCents: Cents | null }[] = [];
  for (const line of lines) {
    if (left === 0) break;
    const open = Math.max(0, line.qty - skip);
    skip = Math.max(0, skip - line.qty);
    const take = Math.min(open, left);
    if (take > 0) addPart(parts, take, line.unitPriceCents);
    left -= take;
  }
  if (left > 0) addPart(parts, left, last.unitPriceCents);
  order.delivered[sku] = (order.delivered[sku] ?? 0) + qty;
  return parts;
}

function addPart(parts: { qty: number; unitPriceCents: Cents | null }[], qty: number, unitPriceCents: Cents): void {
  const previous = parts[parts.length - 1];
  if (previous && previous.unitPriceCents === unitPriceCents) previous.qty += qty;
  else parts.push({ qty, unitPriceCents });
}
