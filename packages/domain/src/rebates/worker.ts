import type { OutputDraft } from '@dealerflow/contracts';
import { addDays, instantOf, localDateOf } from '../calendar';
import { acceptTier, suggestTier } from '../tiers';
import { applyLedgerEvent, ledgerTermsOf, pruneLedger, type LedgerEffect, type LedgerEvent } from '../credit';
import { fromCents } from '../money';
import type { DealerInputEvent, Worker, WorkerContext } from '../pipeline';
import { applyOrderEvent, priceDelivered } from './orderBook';
import { defaultRebatePolicy, rebatePolicySchema, type RebatePolicy } from './policy';
import { adjustSettledPeriods, pruneSettledPeriods } from './adjustment';
import { countDeliveredLines, syncPrograms } from './programProgress';
import { recordReturn, type ReturnedLine } from './returns';
import { initialRebateState, withCurrentFields, type DeliveredLine, type RebateState } from './state';
import { closeEndedPeriods } from './statement';

type Ctx = WorkerContext<RebatePolicy>;
type RebateInputEvent = Extract<DealerInputEvent, { type: (typeof REBATE_INPUT_TYPES)[number] }>;

const REBATE_INPUT_TYPES = [
  'dealer.upserted',
  'order.placed',
  'order.amended',
  'order.cancelled',
  'shipment.delivered',
  'invoice.issued',
  'payment.received',
  'credit.note.issued',
  'dealer.tier.accepted',
] as const;

/**
 * Rebates (RULES.md §4) and cash discounts per dealer. Every entry point first brings the open
 * periods in line with the program table and closes the periods that ended, so a statement sees
 * the dealer as the period left it, before the event that moved the clock past its end.
 */
export const rebateWorker: Worker<RebateState, RebatePolicy> = {
  name: 'rebates',
  source: 'rebate-worker',
  inputTypes: REBATE_INPUT_TYPES,
  referenceTypes: ['rebate.program.upserted', 'sales.totals.published'],
  policySchema: rebatePolicySchema,
  defaultPolicy: defaultRebatePolicy,
  initialState: initialRebateState,
  apply(state, event, ctx) {
    withCurrentFields(state);
    const outputs = catchUp(state, ctx, false);
    outputs.push(...applyEvent(state, event as RebateInputEvent, ctx));
    return outputs;
  },
  onDayChange(state, ctx) {
    withCurrentFields(state);
    const outputs = catchUp(state, ctx, false);
    pruneHistory(state, ctx);
    return outputs;
  },
  onReference(state, event, ctx) {
    withCurrentFields(state);
    if (event.type !== 'sales.totals.published') return catchUp(state, ctx, true);
    const outputs = catchUp(state, ctx, false);
    const suggestion = ctx.dealer && suggestTier(state.tiers, event.data, state.dealerId, ctx.dealer.tier, ctx.policy.tierSuggestion.classShares, ctx.causedBy);
    if (suggestion) outputs.push(suggestion);
    return outputs;
  },
};

function catchUp(state: RebateState, ctx: Ctx, programUpserted: boolean): OutputDraft[] {
  return [...syncPrograms(state, ctx, programUpserted), ...closeEndedPeriods(state, ctx)];
}

function applyEvent(state: RebateState, event: RebateInputEvent, ctx: Ctx): OutputDraft[] {
  // The dealer's own day, the one its periods close on (a delivery at 01:00 local on the 1st is the new month's).
  const date = localDateOf(instantOf(event.occurredAt), ctx.timeZone);
  switch (event.type) {
    case 'dealer.upserted':
      return [];
    case 'dealer.tier.accepted':
      acceptTier(state.tiers, event.data, ctx.dealer?.tier ?? null);
      return [];
    case 'order.placed':
    case 'order.amended':
    case 'order.cancelled':
      applyOrderEvent(state, event, date);
      return receivables(state, event, ctx);
    case 'shipment.delivered': {
      const lines = recordDelivery(state, event, date, ctx);
      return [...countDeliveredLines(state, lines, ctx), ...adjustSettledPeriods(state, lines, 'late_delivery', event.data.shipmentId, ctx)];
    }
    case 'invoice.issued':
    case 'payment.received':
      return receivables(state, event, ctx);
    case 'credit.note.issued': {
      const discounts = receivables(state, event, ctx);
      // Returned goods come off the sales they were counted in: an open period re-accrues, a closed one is adjusted.
      const lines = recordReturn(state, returnedLinesOf(event));
      return [...discounts, ...countDeliveredLines(state, lines, ctx), ...adjustSettledPeriods(state, lines, 'return', event.data.creditNoteId, ctx)];
    }
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/**
 * Records what a delivery sold, priced from the order. Deliveries of a cancelled order do not
 * qualify: the cancellation ended the sale (what was delivered before it stays counted).
 */
function recordDelivery(state: RebateState, event: Extract<RebateInputEvent, { type: 'shipment.delivered' }>, date: string, ctx: Ctx): DeliveredLine[] {
  const order = state.orders[event.data.orderId];
  if (order?.cancelled) return [];
  if (order) order.lastDate = date;
  const recorded: DeliveredLine[] = [];
  for (const line of event.data.lines) {
    if (line.qty === 0) continue;
    for (const part of priceDelivered(order, line.sku, line.qty)) {
      recorded.push({
        date,
        orderId: event.data.orderId,
        sku: line.sku,
        qty: part.qty,
        unitPriceCents: part.unitPriceCents,
        category: ctx.reference.products.get(line.sku)?.category ?? null,
        dealerTier: ctx.dealer?.tier ?? null,
      });
    }
  }
  state.lines.push(...recorded);
  return recorded;
}

function returnedLinesOf(event: Extract<RebateInputEvent, { type: 'credit.note.issued' }>): ReturnedLine[] {
  return (event.data.returnedLines ?? []).map((line) => ({ sku: line.sku, qty: line.qty, orderId: line.orderId ?? event.data.orderId }));
}

/**
 * The dealer's receivables by the credit worker's rules and terms: its local days, its currency (a
 * document in another is converted at the published rate, or throws and is dead-lettered with the
 * reason), the payment backdating of the credit section. Returns the cash discounts earned.
 */
function receivables(state: RebateState, event: LedgerEvent, ctx: Ctx): OutputDraft[] {
  return cashDiscounts(applyLedgerEvent(state.ledger, event, ledgerTermsOf(ctx, ctx.policy.credit.paymentBackdatingDays)), ctx);
}

function cashDiscounts(effects: readonly LedgerEffect[], ctx: Ctx): OutputDraft[] {
  return effects.map((effect) => ({
    type: 'cash.discount.earned',
    data: {
      invoiceId: effect.invoiceId,
      amount: fromCents(effect.amountCents),
      pct: effect.pct,
      untilDate: effect.untilDate,
      causedBy: ctx.causedBy,
    },
  }));
}

/** Drops delivered lines and orders older than the history window, unless an open period still needs them. */
function pruneHistory(state: RebateState, ctx: Ctx): void {
  const horizon = addDays(ctx.today, -ctx.policy.deliveryHistoryDays);
  pruneLedger(state.ledger, ctx.today, ctx.policy.deliveryHistoryDays);
  pruneSettledPeriods(state, ctx.today, ctx.policy.adjustmentWindowDays);
  pruneOffsets(state);
  // Lines of open periods, and of closed ones still open to adjustment, are what returns are matched to.
  let cutoff = horizon;
  for (const period of [...Object.values(state.programs), ...Object.values(state.settledPeriods)]) {
    if (period.periodStart < cutoff) cutoff = period.periodStart;
  }
  if (state.lines.some((line) => line.date < cutoff)) state.lines = state.lines.filter((line) => line.date >= cutoff);
  // `for in` rather than Object.entries: the same order without building an entry per order every day.
  for (const orderId in state.orders) {
    if (state.orders[orderId]!.lastDate < horizon) delete state.orders[orderId];
  }
}

/** Offsets remembered for invoices no longer open are spent: the invoice needs no more room. */
function pruneOffsets(state: RebateState): void {
  if (Object.keys(state.offsetCents).length === 0) return;
  const open = new Set(state.ledger.invoices.filter((invoice) => invoice.settledDate === null).map((invoice) => invoice.invoiceId));
  for (const invoiceId in state.offsetCents) {
    if (!open.has(invoiceId)) delete state.offsetCents[invoiceId];
  }
}
