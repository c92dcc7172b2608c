import { formatMoney, formatPercent } from '@dealerflow/domain';
import type { TierSuggestion } from '@dealerflow/runtime';
import { formatTime } from '../html/formatTime';
import { html, type Html } from '../html/html';
import { pager } from '../html/pager';
import { CSRF_FIELD } from '../session/pageGuard';
import type { PageSession } from '../session/pageSession';
import type { Listed } from './opsPage';

export function tierAcceptPath(dealerId: string): string {
  return `/ops/dealers/${encodeURIComponent(dealerId)}/tier-suggestion/accept`;
}

/** Where Accept goes back to: the list on /ops (the default), or the dealer's page it was pressed on. */
export const TIER_ACCEPT_RETURN = { field: 'returnTo', dealer: 'dealer' } as const;

/** Accept sends the suggestion's month, so one replaced since the page was drawn is refused, not accepted. */
export function acceptForm(session: PageSession, suggestion: TierSuggestion, from: 'list' | 'dealer' = 'list'): Html {
  return html`<form method="post" action="${tierAcceptPath(suggestion.dealerId)}">
    <input type="hidden" name="${CSRF_FIELD}" value="${session.csrf}">
    <input type="hidden" name="month" value="${suggestion.month}">
    ${from === 'dealer' ? html`<input type="hidden" name="${TIER_ACCEPT_RETURN.field}" value="${TIER_ACCEPT_RETURN.dealer}">` : ''}
    <input name="note" type="text" maxlength="1000" placeholder="Note (optional)" aria-label="Note for ${suggestion.dealerId} (optional)">
    <button type="submit" data-testid="accept-tier">Accept tier ${suggestion.suggestedTier}</button>
  </form>`;
}

function row(session: PageSession, suggestion: TierSuggestion, canAccept: boolean, dealerHref: (dealerId: string) => string): Html {
  const { dealerId, currentTier, suggestedTier, month, windowMonths, sales, currency, rank, dealerCount, cumulativeShare } = suggestion;
  return html`<tr data-testid="tier-suggestion-row" data-dealer-id="${dealerId}">
    <th scope="row"><a href="${dealerHref(dealerId)}">${dealerId}</a></th>
    <td>${currentTier}</td>
    <td><strong>${suggestedTier}</strong></td>
    <td>${month} <span class="muted">(${windowMonths} months)</span></td>
    <td class="num">${formatMoney(sales, currency, 'en')}</td>
    <td class="num">${rank} of ${dealerCount}</td>
    <td class="num">${formatPercent(cumulativeShare, 'en', 1)}</td>
    <td>${formatTime(suggestion.occurredAt)}</td>
    ${canAccept ? html`<td>${acceptForm(session, suggestion)}</td>` : html``}
  </tr>`;
}

/**
 * The 80/20 suggestions operations have not accepted (issue 21, docs/rebates.md "Dealer tiers"):
 * one per dealer, its latest; Accept appends `dealer.tier.accepted`; ignoring one needs nothing.
 */
export function tierSuggestionsPanel(input: {
  session: PageSession;
  suggestions: Listed<TierSuggestion>;
  canAccept: boolean;
  dealerHref: (dealerId: string) => string;
}): Html {
  const { session, suggestions, canAccept } = input;
  const body =
    suggestions.items.length === 0
      ? html`<p class="empty">No open tier suggestions.</p>`
      : html`<div class="table-scroll"><table>
          <caption>Dealers whose class by trailing sales differs from their tier, newest first; accept to change the tier, or leave it</caption>
          <thead><tr><th scope="col">Dealer</th><th scope="col">Tier</th><th scope="col">Suggested class</th><th scope="col">Month closed</th>
            <th scope="col" class="num">Trailing sales</th><th scope="col" class="num">Rank</th><th scope="col" class="num">Cumulative share</th>
            <th scope="col">Suggested</th>${canAccept ? html`<th scope="col">Action</th>` : html``}</tr></thead>
          <tbody>${suggestions.items.map((suggestion) => row(session, suggestion, canAccept, input.dealerHref))}</tbody>
        </table></div>
        ${pager({ next: suggestions.next, first: suggestions.first, label: 'Tier suggestion pages' })}`;
  return html`<section class="panel" id="tiers" aria-labelledby="tiers-h"><h2 id="tiers-h">Tier suggestions (80/20)</h2>${body}</section>`;
}
