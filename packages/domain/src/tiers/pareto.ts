import type { DealerTier } from '@dealerflow/contracts';
import type { Cents } from '../money';

/** The cumulative shares of sales that close classes A and B (the 80/20 rule: A makes the first 80 %). */
export interface ParetoShares {
  /** Dealers that together make the first this share of sales (the dealer that crosses it included) are A. */
  A: number;
  /** The next ones up to this cumulative share are B; the rest with sales are C. */
  B: number;
}

/** One dealer's place in the ranking. */
export interface ParetoEntry {
  dealerId: string;
  salesCents: Cents;
  /** 1 for the largest sales; ties are broken by dealerId so every partition ranks alike. */
  rank: number;
  /** The dealer's sales ÷ the total of all positive sales. */
  share: number;
  /** Σ share of the dealers ranked before it and itself. */
  cumulativeShare: number;
  /** A, B or C by where the dealers before it stand; D for no sales in the window. */
  tier: DealerTier;
}

/**
 * The 80/20 (ABC) classes of a set of dealers by their sales: ranked by sales, largest first, a
 * dealer is A while the dealers before it make less than `shares.A` of the total (so the one that
 * crosses 80 % is A), B while less than `shares.B`, C after; a dealer without sales (0 or less, a
 * window of returns) is D. Pure: the same figures give the same ranking in every partition.
 */
export function paretoRanking(dealers: readonly { dealerId: string; salesCents: Cents }[], shares: ParetoShares): ParetoEntry[] {
  const sorted = [...dealers].sort((a, b) => b.salesCents - a.salesCents || (a.dealerId < b.dealerId ? -1 : a.dealerId > b.dealerId ? 1 : 0));
  const totalCents = sorted.reduce((sum, dealer) => sum + Math.max(0, dealer.salesCents), 0);
  let beforeCents = 0;
  return sorted.map((dealer, index) => {
    const share = totalCents === 0 || dealer.salesCents <= 0 ? 0 : dealer.salesCents / totalCents;
    const before = totalCents === 0 ? 0 : beforeCents / totalCents;
    beforeCents += Math.max(0, dealer.salesCents);
    return {
      dealerId: dealer.dealerId,
      salesCents: dealer.salesCents,
      rank: index + 1,
      share,
      cumulativeShare: totalCents === 0 ? 0 : beforeCents / totalCents,
      tier: dealer.salesCents <= 0 ? 'D' : before < shares.A ? 'A' : before < shares.B ? 'B' : 'C',
    };
  });
}
