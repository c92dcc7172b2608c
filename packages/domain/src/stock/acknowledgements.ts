import type { InputEventOf, StockAlertKind } from '@dealerflow/contracts';
import { dayNumber } from '../calendar';
import { STOCK_ALERT_KINDS } from './conditions';
import type { StockState } from './state';

/**
 * `stock.alert.acknowledged`: the dealer or operations saw an open alert. It is left out of the
 * daily digests while its severity stays the one acknowledged, and for a snooze until the day
 * `snoozeUntil` begins. An acknowledgement of an alert that is not open (resolved meanwhile, never
 * raised, another dealer's id) changes nothing: the person acted on something already over.
 * Decides no output: what it changes is what the next digests list.
 */
export function acknowledgeAlert(state: StockState, event: InputEventOf<'stock.alert.acknowledged'>): void {
  const target = parseAlertId(state.dealerId, event.data.alertId);
  if (!target) return;
  const index = state.skuIndex[target.sku];
  const slot = index === undefined ? undefined : state.skus[index]!.alerts[target.kind];
  if (!slot || slot.open === null || slot.seq !== target.seq) return;
  const until = event.data.action === 'snooze' && event.data.snoozeUntil !== undefined ? dayNumber(event.data.snoozeUntil) : null;
  slot.ack = { severity: slot.open, until };
  slot.pending = undefined;
}

/** `<dealerId>/<sku>/<kind>/<n>` back into its parts (a sku may itself contain `/`); null when it is not this dealer's. */
export function parseAlertId(dealerId: string, alertId: string): { sku: string; kind: StockAlertKind; seq: number } | null {
  const prefix = `${dealerId}/`;
  if (!alertId.startsWith(prefix)) return null;
  const rest = alertId.slice(prefix.length);
  const seqAt = rest.lastIndexOf('/');
  const kindAt = rest.lastIndexOf('/', seqAt - 1);
  if (seqAt <= 0 || kindAt <= 0) return null;
  const kind = rest.slice(kindAt + 1, seqAt);
  const seqText = rest.slice(seqAt + 1);
  if (!STOCK_ALERT_KINDS.some((entry) => entry.kind === kind) || !/^[1-9]\d*$/.test(seqText)) return null;
  return { sku: rest.slice(0, kindAt), kind: kind as StockAlertKind, seq: Number(seqText) };
}
