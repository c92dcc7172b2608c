export { paretoRanking, type ParetoEntry, type ParetoShares } from './pareto';
export {
  acceptTier,
  effectiveTier,
  initialTierSuggestionState,
  suggestTier,
  type SalesTotals,
  type TierAcceptance,
  type TierSuggestionState,
} from './suggestTier';
