import type { InputEventOf, OutputEvent } from '@dealerflow/contracts';
import type { RebateAdjustment, TierSuggestion } from '../embedded/boardPorts';
import type { LoggedItemRow } from './foldBoardBatch';

/** A dealer's latest tier suggestion (issue 21's 80/20 rule); a later output of the dealer replaces it. */
export interface TierSuggestionRow {
  dealerId: string;
  month: string;
  suggestedTier: TierSuggestion['suggestedTier'];
  occurredAt: string;
  outputSeq: bigint;
  item: TierSuggestion;
}

/** What a batch changes in the tier suggestions and the rebate adjustments. */
export interface TierAndAdjustmentChanges {
  tierSuggestions: Map<string, TierSuggestionRow>;
  /** Per dealer, the latest month operations accepted in the batch (`YYYY-MM`). */
  tierAcceptances: Map<string, string>;
  rebateAdjustments: LoggedItemRow<RebateAdjustment>[];
}

/**
 * Operations accepted a dealer's suggestion of `month`. Kept beside the suggestion, not applied to it:
 * the input and output sources are read independently, so an acceptance may be projected before the
 * suggestion it answers (a board rebuilt from scratch); the reader hides a suggestion whose month is
 * not after the accepted one.
 */
export function foldTierAccepted(changes: TierAndAdjustmentChanges, event: InputEventOf<'dealer.tier.accepted'>): void {
  const previous = changes.tierAcceptances.get(event.dealerId);
  if (previous === undefined || previous < event.data.month) changes.tierAcceptances.set(event.dealerId, event.data.month);
}

export function foldRebateAdjustmentOrSuggestion(
  changes: TierAndAdjustmentChanges,
  seq: bigint,
  output: Extract<OutputEvent, { type: 'dealer.tier.suggested' | 'rebate.adjustment.issued' }>,
  dealerId: string,
): void {
  const occurredAt = output.occurredAt;
  if (output.type === 'rebate.adjustment.issued') {
    changes.rebateAdjustments.push({ eventId: output.eventId, dealerId, occurredAt, outputSeq: seq, item: { ...output.data, dealerId, occurredAt } });
    return;
  }
  const { month, suggestedTier } = output.data;
  changes.tierSuggestions.set(dealerId, { dealerId, month, suggestedTier, occurredAt, outputSeq: seq, item: { ...output.data, dealerId, occurredAt } });
}
