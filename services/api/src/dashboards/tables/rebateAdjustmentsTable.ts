import { fillTemplate, formatDate, formatMoney, type Locale } from '@dealerflow/domain';
import type { RebateAdjustment } from '@dealerflow/runtime';
import { formatTime } from '../html/formatTime';
import { html, type Html } from '../html/html';
import type { DealerTexts } from '../texts/DealerTexts';

/** A difference always carries its sign: + owed to the dealer, − owed back. */
function signed(amount: number, currency: string | undefined, locale: Locale): string {
  return amount > 0 ? `+${formatMoney(amount, currency, locale)}` : formatMoney(amount, currency, locale);
}

/**
 * Rebate adjustments of closed periods (issue 21, docs/rebates.md): what changed a period after its
 * statement, the rebate before and after, and the difference, as the rebate worker issued them.
 */
export function rebateAdjustmentsTable(input: {
  adjustments: readonly RebateAdjustment[];
  texts: DealerTexts['adjustments'];
  locale: Locale;
  currency: string | undefined;
  /** Lists across dealers name each row's dealer. */
  dealerHref?: ((dealerId: string) => string) | undefined;
}): Html {
  const { adjustments, texts, locale, currency, dealerHref } = input;
  if (adjustments.length === 0) return html`<p class="empty">${texts.none}</p>`;
  const money = (amount: number) => formatMoney(amount, currency, locale);
  const rows = adjustments.map(
    (adjustment) => html`<tr data-testid="adjustment-row" data-dealer-id="${adjustment.dealerId}">
      ${dealerHref ? html`<td><a href="${dealerHref(adjustment.dealerId)}">${adjustment.dealerId}</a></td>` : ''}
      <th scope="row">${adjustment.programId}</th>
      <td>${formatDate(adjustment.periodStart, locale)} – ${formatDate(adjustment.periodEnd, locale)}</td>
      <td>${fillTemplate(texts.because, { reason: texts.reasons[adjustment.reason], document: adjustment.documentId })}</td>
      <td class="num">${money(adjustment.previousRebateAmount)}</td>
      <td class="num">${money(adjustment.rebateAmount)}</td>
      <td class="num" data-testid="adjustment-difference">${signed(adjustment.adjustmentAmount, currency, locale)}</td>
      <td><span class="badge statement-${adjustment.status}">${texts.statuses[adjustment.status]}</span>${
        adjustment.withheldReason === null ? '' : html` <span class="muted">${adjustment.withheldReason}</span>`
      }</td>
      <td>${formatTime(adjustment.occurredAt, locale)}</td>
    </tr>`,
  );
  return html`<div class="table-scroll"><table>
    <caption>${texts.caption}</caption>
    <thead><tr>${dealerHref ? html`<th scope="col">Dealer</th>` : ''}<th scope="col">${texts.program}</th><th scope="col">${texts.period}</th>
      <th scope="col">${texts.reason}</th><th scope="col" class="num">${texts.before}</th><th scope="col" class="num">${texts.after}</th>
      <th scope="col" class="num">${texts.difference}</th><th scope="col">${texts.status}</th><th scope="col">${texts.issued}</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}
