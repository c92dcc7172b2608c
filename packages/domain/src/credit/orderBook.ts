import type { Cents } from '../money';
import type { Ledger, LedgerOrder } from './ledger';

/*
 * Open order value, order by order: ordered − invoiced − cancelled. An order's lines give what was
 * ordered (an amendment with lines replaces them); each invoice naming the order moves its amount
 * from open order value into receivables, so a partial invoice (a short or split shipment invoiced
 * as it leaves) moves exposure by nothing, and the rest stays open until it is invoiced or
 * cancelled. A cancellation cancels what is still open: the remainder of a partly invoiced order.
 * An invoice for more than is open leaves nothing open (freight or price changes are on the invoice).
 */

/** The order, read in today's shape (a ledger kept before per-order amounts held only a status). */
function orderOf(ledger: Ledger, orderId: string): LedgerOrder | undefined {
  const order = ledger.orders[orderId];
  if (!order || order.openCents !== undefined) return order;
  order.invoicedCents = order.status === 'invoiced' ? order.valueCents : 0;
  order.cancelled = order.status === 'cancelled';
  order.openCents = order.status === 'open' ? order.valueCents : 0;
  delete order.status;
  return order;
}

function newOrder(ledger: Ledger, orderId: string): LedgerOrder {
  const order: LedgerOrder = { valueCents: 0, invoicedCents: 0, cancelled: false, openCents: 0 };
  ledger.orders[orderId] = order;
  return order;
}

/** Recomputes the order's open value, keeps the running total with it, and dates its closing. */
function settleOpen(ledger: Ledger, order: LedgerOrder, date: string): void {
  const open = order.cancelled ? 0 : Math.max(0, order.valueCents - (order.invoicedCents ?? 0));
  ledger.openOrderValueCents += open - (order.openCents ?? 0);
  order.openCents = open;
  if (open > 0) delete order.closedOn;
  else order.closedOn ??= date;
}

export function placeOrder(ledger: Ledger, orderId: string, valueCents: Cents, date: string): void {
  // An invoice or cancellation seen before the placement already counts against it.
  const order = orderOf(ledger, orderId) ?? newOrder(ledger, orderId);
  order.valueCents = valueCents;
  settleOpen(ledger, order, date);
}

export function amendOrder(ledger: Ledger, orderId: string, valueCents: Cents, date: string): void {
  const order = orderOf(ledger, orderId);
  // An amendment of an unknown order is ignored (its placement will bring the lines).
  if (!order) return;
  order.valueCents = valueCents;
  settleOpen(ledger, order, date);
}

export function cancelOrder(ledger: Ledger, orderId: string, date: string): void {
  const order = orderOf(ledger, orderId) ?? newOrder(ledger, orderId);
  // What was invoiced stays owed (taking it back is a credit note's work); the rest is no longer ordered.
  order.cancelled = true;
  settleOpen(ledger, order, date);
}

export function invoiceOrder(ledger: Ledger, orderId: string, amountCents: Cents, date: string): void {
  const order = orderOf(ledger, orderId) ?? newOrder(ledger, orderId);
  order.invoicedCents = (order.invoicedCents ?? 0) + amountCents;
  settleOpen(ledger, order, date);
}
