import { html, type Html } from '../html/html';
import { CSRF_FIELD } from '../session/pageGuard';
import type { PageSession } from '../session/pageSession';

/**
 * Finance sets a dealer's credit limit: on a hold (the dealer fixed, the suggested limit filled in)
 * or for any dealer. Posts to `/finance/credit-limit`, which appends `credit.limit.set` as the API does.
 */
export function limitForm(session: PageSession, preset: { dealerId: string; amount: number; key: string } | undefined): Html {
  const key = preset?.key ?? 'any';
  const dealerField = preset
    ? html`<input type="hidden" name="dealerId" value="${preset.dealerId}">`
    : html`<div class="field"><label for="limit-dealer-${key}">Dealer id</label>
        <input id="limit-dealer-${key}" name="dealerId" required maxlength="64" data-testid="limit-dealer"></div>`;
  return html`<form method="post" action="/finance/credit-limit" class="limit" data-testid="limit-form">
    <input type="hidden" name="${CSRF_FIELD}" value="${session.csrf}">
    ${dealerField}
    <div class="field"><label for="limit-amount-${key}">New credit limit</label>
      <input id="limit-amount-${key}" name="creditLimit" type="number" min="0" step="0.01" required
        value="${preset === undefined ? '' : String(preset.amount)}" data-testid="limit-amount"></div>
    <div class="field wide"><label for="limit-note-${key}">Why (required)</label>
      <textarea id="limit-note-${key}" name="note" rows="2" required maxlength="2000" data-testid="limit-note"></textarea></div>
    <div class="actions"><button type="submit" data-testid="limit-submit">Set limit</button></div>
  </form>`;
}
