import { formatNumber, type Locale } from '@dealerflow/domain';
import type { OpenStockAlert } from '@dealerflow/runtime';
import { formatTime } from '../html/formatTime';
import { href, html, type Html } from '../html/html';
import { CSRF_FIELD } from '../session/pageGuard';
import type { DealerTexts } from '../texts/DealerTexts';

/**
 * Open stock alerts with the figures behind them and the suggested order. The staff pages show
 * the dealer of each row; the dealer portal does not (they are all its own).
 */
export function alertsTable(input: {
  alerts: readonly OpenStockAlert[];
  texts: DealerTexts['alerts'];
  locale: Locale;
  showDealer?: boolean;
  /** Staff pages: the raise time links to the dealer's timeline up to that moment. */
  timelineHref?: (at: string) => string;
  /** The dealer portal: a form per row to acknowledge or snooze the alert (issue 21); `dealerId` for staff. */
  answer?: { csrf: string; dealerId?: string | undefined };
}): Html {
  const { alerts, texts, locale } = input;
  if (alerts.length === 0) return html`<p class="empty">${texts.none}</p>`;
  const number = (value: number | null) => (value === null ? '—' : formatNumber(value, locale, 1));
  const rows = alerts.map(
    (alert) => html`<tr data-testid="alert-row" data-alert-id="${alert.alertId}">
      ${input.showDealer ? html`<td><a href="${href(`/ops/dealers/${encodeURIComponent(alert.dealerId)}`)}">${alert.dealerId}</a></td>` : ''}
      <th scope="row">${alert.sku}</th>
      <td>${texts.kinds[alert.kind]}</td>
      <td><span class="badge severity-${alert.severity}">${texts.severities[alert.severity]}</span></td>
      <td class="num">${number(alert.onHand)}</td>
      <td class="num">${number(alert.inTransit)}</td>
      <td class="num">${number(alert.onOrder)}</td>
      <td class="num">${number(alert.avgDailySales)}</td>
      <td class="num">${number(alert.daysOfCover)}</td>
      <td class="num strong">${number(alert.suggestedOrderQty)}</td>
      <td>${input.timelineHref === undefined ? formatTime(alert.raisedAt, locale) : html`<a href="${input.timelineHref(alert.raisedAt)}" title="The timeline up to this moment">${formatTime(alert.raisedAt, locale)}</a>`}</td>
      ${input.answer === undefined ? '' : html`<td>${answerForm(alert.alertId, input.answer, texts)}</td>`}
    </tr>`,
  );
  return html`<div class="table-scroll"><table>
    <caption>${texts.caption}</caption>
    <thead><tr>
      ${input.showDealer ? html`<th scope="col">Dealer</th>` : ''}
      <th scope="col">${texts.sku}</th><th scope="col">${texts.kind}</th><th scope="col">${texts.severity}</th>
      <th scope="col" class="num">${texts.onHand}</th><th scope="col" class="num">${texts.inTransit}</th>
      <th scope="col" class="num">${texts.onOrder}</th><th scope="col" class="num">${texts.avgDailySales}</th>
      <th scope="col" class="num">${texts.daysOfCover}</th><th scope="col" class="num">${texts.suggestedOrder}</th>
      <th scope="col">${texts.raisedAt}</th>
      ${input.answer === undefined ? '' : html`<th scope="col">${texts.answer}</th>`}
    </tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}

/** Acknowledge, or snooze until a day: posted to the dealer portal, which appends `stock.alert.acknowledged`. */
function answerForm(alertId: string, answer: { csrf: string; dealerId?: string | undefined }, texts: DealerTexts['alerts']): Html {
  return html`<form method="post" action="/dealer/stock-alerts/acknowledgements" class="inline" data-testid="alert-answer">
    <input type="hidden" name="${CSRF_FIELD}" value="${answer.csrf}">
    <input type="hidden" name="alertId" value="${alertId}">
    ${answer.dealerId === undefined ? '' : html`<input type="hidden" name="dealerId" value="${answer.dealerId}">`}
    <button type="submit" name="action" value="acknowledge">${texts.acknowledge}</button>
    <input type="date" name="snoozeUntil" aria-label="${texts.snoozeUntil}">
    <button type="submit" name="action" value="snooze">${texts.snooze}</button>
  </form>`;
}
