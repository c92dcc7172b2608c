import { formatMoney, formatPercent } from '@dealerflow/domain';
import type { DealerTierSuggestion } from '@dealerflow/runtime';
import { formatTime } from '../html/formatTime';
import { html, type Html } from '../html/html';
import type { PageSession } from '../session/pageSession';
import { acceptForm } from './tierSuggestionsPanel';

const STATUS: Record<DealerTierSuggestion['status'], string> = {
  open: 'Open: waiting for operations',
  accepted: 'Accepted',
  in_master_data: 'Master data carries it',
};

/**
 * A dealer's latest 80/20 tier suggestion (issue 21) on its page, whatever became of it: the class, the month's
 * figures behind it and where it stands; while it is open, operations may accept it here as on /ops.
 */
export function dealerTierSection(input: { session: PageSession; suggestion: DealerTierSuggestion | undefined; canAccept: boolean }): Html {
  const { suggestion } = input;
  const body =
    suggestion === undefined
      ? html`<p class="empty">No tier suggestion for this dealer.</p>`
      : html`<dl class="figures" data-testid="dealer-tier-suggestion" data-status="${suggestion.status}">
          <div><dt>Suggested class</dt><dd>${suggestion.suggestedTier} <span class="muted">(tier ${suggestion.currentTier} when suggested)</span></dd></div>
          <div><dt>Month closed</dt><dd>${suggestion.month} <span class="muted">(${suggestion.windowMonths} months)</span></dd></div>
          <div><dt>Trailing sales</dt><dd>${formatMoney(suggestion.sales, suggestion.currency, 'en')}</dd></div>
          <div><dt>Rank</dt><dd>${suggestion.rank} of ${suggestion.dealerCount}</dd></div>
          <div><dt>Share of all sales</dt><dd>${formatPercent(suggestion.share, 'en', 1)}</dd></div>
          <div><dt>Cumulative share</dt><dd>${formatPercent(suggestion.cumulativeShare, 'en', 1)}</dd></div>
          <div><dt>Suggested</dt><dd>${formatTime(suggestion.occurredAt)}</dd></div>
          <div><dt>Status</dt><dd><span class="badge tier-${suggestion.status}">${STATUS[suggestion.status]}</span></dd></div>
        </dl>
        ${suggestion.status === 'open' && input.canAccept ? acceptForm(input.session, suggestion, 'dealer') : ''}`;
  return html`<section class="panel" aria-labelledby="tier-h"><h2 id="tier-h">Tier suggestion (80/20)</h2>${body}</section>`;
}
