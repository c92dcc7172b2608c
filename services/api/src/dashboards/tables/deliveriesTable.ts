import { formatDate, formatNumber, type Locale } from '@dealerflow/domain';
import type { DeliveryExplanation } from '@dealerflow/runtime';
import { href, html, type Html } from '../html/html';
import type { DealerTexts } from '../texts/DealerTexts';

/**
 * Late and partial deliveries with the explanation the delivery worker wrote, in the reader's
 * language (operations read English; a dealer its own locale).
 */
export function deliveriesTable(input: {
  deliveries: readonly DeliveryExplanation[];
  texts: DealerTexts['deliveries'];
  locale: Locale;
  showDealer?: boolean;
  /** Staff pages: a link to the dealer's timeline up to the explanation (what was known then). */
  timelineHref?: (at: string) => string;
}): Html {
  const { deliveries, texts, locale } = input;
  if (deliveries.length === 0) return html`<p class="empty">${texts.none}</p>`;
  const rows = deliveries.map(
    (delivery) => html`<tr data-testid="delivery-row" data-order-id="${delivery.orderId}">
      ${input.showDealer ? html`<td><a href="${href(`/ops/dealers/${encodeURIComponent(delivery.dealerId)}`)}">${delivery.dealerId}</a></td>` : ''}
      <th scope="row">${delivery.orderId}</th>
      <td><span class="badge delivery-${delivery.type === 'delivery.late' ? 'late' : 'partial'}">${texts.types[delivery.type]}</span>
        ${texts.statuses[delivery.status]}</td>
      <td>${formatDate(delivery.promisedDeliveryDate, locale)}</td>
      <td class="num">${formatNumber(delivery.daysLate, locale)}</td>
      <td class="explanation">${delivery.explanation[locale]}${input.timelineHref === undefined ? '' : html` <a href="${input.timelineHref(delivery.occurredAt)}">What was known then</a>`}</td>
    </tr>`,
  );
  return html`<div class="table-scroll"><table>
    <caption>${texts.caption}</caption>
    <thead><tr>
      ${input.showDealer ? html`<th scope="col">Dealer</th>` : ''}
      <th scope="col">${texts.order}</th><th scope="col">${texts.status}</th>
      <th scope="col">${texts.promised}</th><th scope="col" class="num">${texts.daysLate}</th>
      <th scope="col">${texts.explanation}</th>
    </tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}
