import type { CreditState, HoldSpan } from './state';

/** The dealer's holds as time spans (for the delivery worker's credit-hold cause), oldest first. */
export function holdSpans(state: CreditState): HoldSpan[] {
  return state.holds.map((span) => ({ ...span }));
}
