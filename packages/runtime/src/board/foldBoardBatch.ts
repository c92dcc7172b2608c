import type { InputEvent, InputEventOf, OutputEvent, StockAlertSeverity } from '@dealerflow/contracts';
import type {
  CashDiscount,
  CreditDecisionRecord,
  DealerSummary,
  DeliveryExplanation,
  OpenStockAlert,
  RebateProgress,
  RebateStatement,
} from '../embedded/boardPorts';
import { foldRebateAdjustmentOrSuggestion, foldTierAccepted, type TierAndAdjustmentChanges } from './foldTiersAndAdjustments';

/** The output types the board keeps; the projector reads no other line. */
export const BOARD_OUTPUT_TYPES = [
  'credit.hold.placed',
  'credit.hold.released',
  'credit.limit.warning',
  'stock.alert.raised',
  'stock.alert.resolved',
  'stock.alerts.summarised',
  'delivery.late',
  'delivery.partial',
  'rebate.accrued',
  'rebate.statement.issued',
  'cash.discount.earned',
  'rebate.adjustment.issued',
  'dealer.tier.suggested',
] as const satisfies readonly OutputEvent['type'][];

/** The input types the board keeps (profiles, and finance's decisions and limits for the audit list). */
export const BOARD_INPUT_TYPES = ['dealer.upserted', 'credit.decision.recorded', 'credit.limit.set', 'dealer.tier.accepted'] as const satisfies readonly InputEvent['type'][];

export const SEVERITY_RANK: Record<StockAlertSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

export interface LoggedOutput {
  /** Its offset in its partition (the seq of `output_log`): later outputs of one dealer and topic have larger ones. */
  seq: bigint;
  output: OutputEvent;
}

export interface LoggedInput {
  /** Its offset in its partition (the seq of `input_log`). */
  seq: bigint;
  event: InputEventOf<(typeof BOARD_INPUT_TYPES)[number]>;
}

export type BoardCredit = Omit<DealerSummary['credit'], 'creditLimit'>;

export const INITIAL_BOARD_CREDIT: BoardCredit = { status: 'ok', holdId: null, exposure: null };

export interface ProfileRow {
  dealerId: string;
  name: string;
  tier: DealerSummary['tier'];
  region: string;
  locale: DealerSummary['locale'];
  creditLimit: number;
}

export interface AlertRow {
  alertId: string;
  dealerId: string;
  severityRank: number;
  raisedAt: string;
  outputSeq: bigint;
  item: OpenStockAlert;
}

export interface DeliveryRow {
  dealerId: string;
  orderId: string;
  isOpen: boolean;
  occurredAt: string;
  outputSeq: bigint;
  item: DeliveryExplanation;
}

export interface AccrualRow {
  dealerId: string;
  programId: string;
  periodStart: string;
  /** '' for programs accumulated over the period. */
  orderId: string;
  outputSeq: bigint;
  item: RebateProgress;
}

/** An output kept whole, newest first in its list. */
export interface LoggedItemRow<T> {
  eventId: string;
  dealerId: string;
  occurredAt: string;
  outputSeq: bigint;
  item: T;
}

export interface DecisionRow {
  eventId: string;
  dealerId: string;
  holdId: string | null;
  decidedAt: string;
  inputSeq: bigint;
  item: CreditDecisionRecord;
}

/** What one batch changes in the read models; every map holds the last word of the batch per key. */
export interface BoardChanges extends TierAndAdjustmentChanges {
  profiles: Map<string, ProfileRow>;
  credit: Map<string, BoardCredit>;
  /** null: resolved, the row goes. */
  alerts: Map<string, AlertRow | null>;
  deliveries: Map<string, DeliveryRow>;
  accruals: Map<string, AccrualRow>;
  statements: LoggedItemRow<RebateStatement>[];
  cashDiscounts: LoggedItemRow<CashDiscount>[];
  decisions: DecisionRow[];
  /** Dealers whose open-alert and late-delivery counts are to be counted again from their tables. */
  recount: Set<string>;
}

/** Dealers whose credit status a batch changes: the projector loads their current status for the fold. */
export function dealersWithCreditOutputs(outputs: readonly LoggedOutput[]): string[] {
  const dealers = new Set<string>();
  for (const { output } of outputs) {
    if (output.dealerId !== undefined && output.type.startsWith('credit.')) dealers.add(output.dealerId);
  }
  return [...dealers];
}

/**
 * Folds one batch of the logs into changes of the read models. It only copies what the workers and
 * finance said into rows (the latest word per key, counts to redo, a credit status from the hold and
 * warning outputs); it decides nothing of its own. Each dealer's outputs of a topic come in publish
 * order, its inputs in log order; nothing here depends on an order across dealers or topics.
 */
export function foldBoardBatch(batch: {
  inputs: readonly LoggedInput[];
  outputs: readonly LoggedOutput[];
  /** Current credit columns of the dealers in `dealersWithCreditOutputs`; absent ones start at ok. */
  credit: ReadonlyMap<string, BoardCredit>;
}): BoardChanges {
  const changes: BoardChanges = {
    profiles: new Map(),
    credit: new Map(),
    alerts: new Map(),
    deliveries: new Map(),
    accruals: new Map(),
    statements: [],
    cashDiscounts: [],
    decisions: [],
    recount: new Set(),
    tierSuggestions: new Map(),
    tierAcceptances: new Map(),
    rebateAdjustments: [],
  };
  for (const { seq, event } of batch.inputs) {
    if (event.type === 'dealer.tier.accepted') foldTierAccepted(changes, event);
    else foldInput(changes, seq, event);
  }
  for (const { seq, output } of batch.outputs) {
    if (output.dealerId === undefined) continue;
    if (output.type === 'dealer.tier.suggested' || output.type === 'rebate.adjustment.issued') foldRebateAdjustmentOrSuggestion(changes, seq, output, output.dealerId);
    else foldOutput(changes, batch.credit, seq, output, output.dealerId);
  }
  return changes;
}

function foldInput(changes: BoardChanges, seq: bigint, event: Exclude<LoggedInput['event'], { type: 'dealer.tier.accepted' }>): void {
  const dealerId = event.dealerId;
  if (event.type === 'dealer.upserted') {
    const { name, tier, region, locale, creditLimit } = event.data;
    changes.profiles.set(dealerId, { dealerId, name, tier, region, locale, creditLimit });
    return;
  }
  if (event.type === 'credit.limit.set') {
    changes.decisions.push(limitSetRow(seq, event));
    return;
  }
  const { holdId, decision, decidedBy, note, overrideUntil, keepUntil } = event.data;
  changes.decisions.push({
    eventId: event.eventId,
    dealerId,
    holdId: holdId ?? null,
    decidedAt: event.occurredAt,
    inputSeq: seq,
    item: {
      eventId: event.eventId,
      dealerId,
      holdId: holdId ?? null,
      decision,
      decidedBy,
      note: note ?? null,
      overrideUntil: overrideUntil ?? null,
      keepUntil: keepUntil ?? null,
      creditLimit: null,
      decidedAt: event.occurredAt,
      effectiveAt: event.occurredAt,
    },
  });
}

/** A limit set by finance, in the audit beside the hold decisions (sorted by when it took effect). */
function limitSetRow(seq: bigint, event: InputEventOf<'credit.limit.set'>): DecisionRow {
  const { creditLimit, note, decidedBy, decidedAt } = event.data;
  const item: CreditDecisionRecord = {
    eventId: event.eventId,
    dealerId: event.dealerId,
    holdId: null,
    decision: 'set_limit',
    decidedBy,
    note,
    overrideUntil: null,
    keepUntil: null,
    creditLimit,
    decidedAt,
    effectiveAt: event.occurredAt,
  };
  return { eventId: event.eventId, dealerId: event.dealerId, holdId: null, decidedAt: event.occurredAt, inputSeq: seq, item };
}

function foldOutput(changes: BoardChanges, current: ReadonlyMap<string, BoardCredit>, seq: bigint, output: OutputEvent, dealerId: string): void {
  const occurredAt = output.occurredAt;
  switch (output.type) {
    case 'credit.hold.placed':
    case 'credit.hold.released':
    case 'credit.limit.warning': {
      const credit = { ...(changes.credit.get(dealerId) ?? current.get(dealerId) ?? INITIAL_BOARD_CREDIT) };
      if (output.type === 'credit.hold.placed') {
        Object.assign(credit, { status: 'on_hold', holdId: output.data.holdId, exposure: output.data.exposure });
      } else if (output.type === 'credit.limit.warning') {
        credit.exposure = output.data.exposure;
        if (credit.status !== 'on_hold') credit.status = 'warning';
      } else if (credit.holdId === null || credit.holdId === output.data.holdId) {
        // A release ends the hold and any warning given before it.
        Object.assign(credit, { status: 'ok', holdId: null });
      }
      changes.credit.set(dealerId, credit);
      return;
    }
    case 'stock.alert.raised':
      changes.alerts.set(output.data.alertId, {
        alertId: output.data.alertId,
        dealerId,
        severityRank: SEVERITY_RANK[output.data.severity],
        raisedAt: occurredAt,
        outputSeq: seq,
        item: { ...output.data, dealerId, raisedAt: occurredAt },
      });
      changes.recount.add(dealerId);
      return;
    case 'stock.alert.resolved':
      changes.alerts.set(output.data.alertId, null);
      changes.recount.add(dealerId);
      return;
    case 'stock.alerts.summarised':
      // An opening summary opens the alerts it lists (they are not raised one by one); a daily digest repeats open ones.
      if (output.data.reason !== 'opening') return;
      for (const { status: _status, ...alert } of output.data.alerts) {
        const data = { ...alert, causedBy: output.data.causedBy };
        changes.alerts.set(alert.alertId, {
          alertId: alert.alertId,
          dealerId,
          severityRank: SEVERITY_RANK[alert.severity],
          raisedAt: occurredAt,
          outputSeq: seq,
          item: { ...data, dealerId, raisedAt: occurredAt },
        });
      }
      changes.recount.add(dealerId);
      return;
    case 'delivery.late':
    case 'delivery.partial': {
      const item = { ...output.data, type: output.type, dealerId, occurredAt } as DeliveryExplanation;
      // A delivered order and one whose remainder was cancelled are closed.
      const closed = output.data.status === 'delivered' || output.data.status === 'remainder_cancelled';
      const isOpen = output.type === 'delivery.partial' || !closed;
      changes.deliveries.set(`${dealerId}\u0000${output.data.orderId}`, { dealerId, orderId: output.data.orderId, isOpen, occurredAt, outputSeq: seq, item });
      changes.recount.add(dealerId);
      return;
    }
    case 'rebate.accrued': {
      const { programId, periodStart } = output.data;
      const orderId = output.data.orderId ?? '';
      changes.accruals.set([dealerId, programId, periodStart, orderId].join('\u0000'), {
        dealerId,
        programId,
        periodStart,
        orderId,
        outputSeq: seq,
        item: { ...output.data, dealerId, occurredAt },
      });
      return;
    }
    case 'rebate.statement.issued':
      changes.statements.push({ eventId: output.eventId, dealerId, occurredAt, outputSeq: seq, item: { ...output.data, dealerId, occurredAt } });
      return;
    case 'cash.discount.earned':
      changes.cashDiscounts.push({ eventId: output.eventId, dealerId, occurredAt, outputSeq: seq, item: { ...output.data, dealerId, occurredAt } });
      return;
    default:
      return;
  }
}
