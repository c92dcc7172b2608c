import type { OutputDataOf, OutputDraftOf, StockAlertKind, SummarisedStockAlert } from '@dealerflow/contracts';
import { dateOfDayNumber } from '../calendar';
import { alertFigures, compareAlerts, stockAlertId, type ReviewContext, type StockAlertOutput } from './alerts';
import { STOCK_ALERT_KINDS } from './conditions';
import type { AlertSlot, SkuStock, StockState } from './state';

export type StockSummaryOutput = OutputDraftOf<'stock.alerts.summarised'>;

/*
 * Summaries: several of a dealer's alerts in one output. The opening summary replaces the raises of
 * the dealer's first review (an opening stock report should not arrive as a hundred messages); the
 * daily digest lists, at the start of the dealer's day, the open alerts it has not acknowledged.
 */

/**
 * A review of the dealer's start (see the worker's finishReview): its raises become one summary (the alerts are open in the
 * state with the ids listed, so their resolutions follow as usual). Other outputs pass through.
 */
export function openingSummary(
  state: StockState,
  outputs: StockAlertOutput[],
  today: number,
  causedBy: string,
): (StockAlertOutput | StockSummaryOutput)[] {
  const raised = outputs.filter((output) => output.type === 'stock.alert.raised');
  if (raised.length === 0) return outputs;
  for (const output of raised) {
    const slot = findSkuSlot(state, output.data.sku, output.data.kind);
    if (slot) slot.pending = undefined; // told now
  }
  const alerts: SummarisedStockAlert[] = raised
    .map((output) => {
      const { causedBy: _causedBy, ...data } = output.data;
      return { ...data, status: 'new' as const };
    })
    .sort(compareAlerts);
  const rest = outputs.filter((output) => output.type !== 'stock.alert.raised');
  // A dealer's two opening summaries fall on different days (one day of history; a full window).
  return [...rest, summary(state.dealerId, 'opening', today, alerts, causedBy)];
}

/**
 * The daily digest, at the start of dealer-local day `today`: every open alert that is not
 * acknowledged (at its current severity) or snoozed, when at least one of them is new, changed
 * severity or came back from a snooze since the last digest. Null when there is nothing new to tell.
 */
export function dailyDigest(state: StockState, review: ReviewContext): StockSummaryOutput | null {
  if (state.openAlerts === 0) {
    state.digestDue = false;
    return null;
  }
  let due = state.digestDue === true;
  const listed: { stock: SkuStock; kind: StockAlertKind; slot: AlertSlot }[] = [];
  for (const stock of state.skus) {
    for (const { kind } of STOCK_ALERT_KINDS) {
      const slot = stock.alerts[kind];
      if (!slot || slot.open === null) continue;
      if (slot.ack && slot.ack.until !== null && slot.ack.until <= review.today) {
        // The snooze ended: the alert is told again.
        slot.ack = undefined;
        slot.pending ??= 'open';
        due = true;
      }
      if (slot.ack && slot.ack.severity === slot.open) continue;
      listed.push({ stock, kind, slot });
    }
  }
  state.digestDue = false;
  const told = listed.some(({ slot }) => slot.pending !== undefined);
  if (!due || !told) {
    for (const { slot } of listed) slot.pending = undefined;
    return null;
  }
  const alerts = listed
    .map(({ stock, kind, slot }): SummarisedStockAlert => {
      const figures = alertFigures(state, stock, stock.onHand ?? 0, review);
      const status = slot.pending ?? 'open';
      slot.pending = undefined;
      return { alertId: stockAlertId(state.dealerId, stock.sku, kind, slot.seq), sku: stock.sku, kind, severity: slot.open!, ...figures, status };
    })
    .sort(compareAlerts);
  return summary(state.dealerId, 'daily', review.today, alerts, review.causedBy);
}

function summary(
  dealerId: string,
  reason: 'opening' | 'daily',
  today: number,
  alerts: SummarisedStockAlert[],
  causedBy: string,
): StockSummaryOutput {
  const date = dateOfDayNumber(today);
  const counts: OutputDataOf<'stock.alerts.summarised'>['counts'] = { stockout: 0, low_stock: 0, overstock: 0 };
  for (const alert of alerts) counts[alert.kind] += 1;
  return { type: 'stock.alerts.summarised', data: { summaryId: `${dealerId}/${reason}/${date}`, reason, date, counts, alerts, causedBy } };
}

function findSkuSlot(state: StockState, sku: string, kind: StockAlertKind): AlertSlot | undefined {
  const index = state.skuIndex[sku];
  return index === undefined ? undefined : state.skus[index]!.alerts[kind];
}
