import type { DealerTier, InputEventOf, OutputDraft } from '@dealerflow/contracts';
import { roundHalfUp, toCents, fromCents } from '../money';
import { paretoRanking, type ParetoShares } from './pareto';

export type SalesTotals = InputEventOf<'sales.totals.published'>['data'];
export type TierAcceptance = InputEventOf<'dealer.tier.accepted'>['data'];

/** What a dealer's fold remembers of its tier suggestions. Plain data (part of the rebate state). */
export interface TierSuggestionState {
  /** A tier operations accepted, and the master-data tier it was accepted over; dropped once master data changes. */
  accepted: { tier: DealerTier; month: string; overTier: DealerTier | null } | null;
  /** The last suggestion made: not repeated while the dealer's tier and class stay the same. */
  last: { month: string; currentTier: DealerTier; suggestedTier: DealerTier } | null;
}

export function initialTierSuggestionState(): TierSuggestionState {
  return { accepted: null, last: null };
}

/** Records operations' acceptance; master data (`masterTier`) is what it was accepted over. */
export function acceptTier(state: TierSuggestionState, accepted: TierAcceptance, masterTier: DealerTier | null): void {
  state.accepted = { tier: accepted.tier, month: accepted.month, overTier: masterTier };
}

/**
 * The dealer's tier to compare with: one operations accepted, until master data changes (it then
 * carries the accepted tier, or someone decided otherwise; either way master data is the record).
 */
export function effectiveTier(state: TierSuggestionState, masterTier: DealerTier): DealerTier {
  if (state.accepted && state.accepted.overTier !== masterTier) state.accepted = null;
  return state.accepted?.tier ?? masterTier;
}

/**
 * `dealer.tier.suggested` when the dealer's Pareto class among all dealers of a month's sales totals
 * differs from its tier; nothing when it matches, when the dealer is not in the totals, or when the
 * same suggestion (same tier, same class) was already made: ignoring a suggestion silences it until
 * the figures point elsewhere or the tier changes.
 */
export function suggestTier(
  state: TierSuggestionState,
  totals: SalesTotals,
  dealerId: string,
  masterTier: DealerTier,
  shares: ParetoShares,
  causedBy: string,
): OutputDraft | undefined {
  const ranking = paretoRanking(totals.dealers.map((dealer) => ({ dealerId: dealer.dealerId, salesCents: toCents(dealer.sales) })), shares);
  const entry = ranking.find((candidate) => candidate.dealerId === dealerId);
  if (!entry) return undefined;
  const currentTier = effectiveTier(state, masterTier);
  if (entry.tier === currentTier) {
    state.last = null;
    return undefined;
  }
  if (state.last && state.last.currentTier === currentTier && state.last.suggestedTier === entry.tier) return undefined;
  state.last = { month: totals.month, currentTier, suggestedTier: entry.tier };
  const totalCents = ranking.reduce((sum, dealer) => sum + Math.max(0, dealer.salesCents), 0);
  return {
    type: 'dealer.tier.suggested',
    data: {
      month: totals.month,
      windowMonths: totals.windowMonths,
      currentTier,
      suggestedTier: entry.tier,
      sales: fromCents(entry.salesCents),
      currency: totals.currency,
      rank: entry.rank,
      dealerCount: ranking.length,
      share: roundHalfUp(entry.share, 6),
      cumulativeShare: roundHalfUp(entry.cumulativeShare, 6),
      totalSales: fromCents(totalCents),
      classShares: { A: shares.A, B: shares.B },
      causedBy,
    },
  };
}
