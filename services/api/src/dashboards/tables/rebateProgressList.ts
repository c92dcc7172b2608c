import { fillTemplate, formatDate, formatMoney, formatNumber, formatPercent, type Locale } from '@dealerflow/domain';
import type { RebateProgress } from '@dealerflow/runtime';
import { tierProgressBar } from '../charts/tierProgressBar';
import { html, type Html } from '../html/html';
import type { DealerTexts } from '../texts/DealerTexts';

/** Each program's progress: figures, and a bar showing the gap to the next tier. */
export function rebateProgressList(input: {
  progress: readonly RebateProgress[];
  texts: DealerTexts['rebates'];
  locale: Locale;
  /** The dealer's currency, when its master data is known. */
  currency: string | undefined;
  idPrefix: string;
}): Html {
  const { progress, texts, locale } = input;
  if (progress.length === 0) return html`<p class="empty">${texts.none}</p>`;
  const number = (value: number) => formatNumber(value, locale);
  const items = progress.map((item, index) => {
    const caption =
      item.nextTier === null
        ? item.tierIndex === null
          ? texts.noTier
          : fillTemplate(texts.topTier, { rate: formatPercent(item.rate, locale), volume: number(item.volume) })
        : fillTemplate(texts.progress, {
            volume: number(item.volume),
            threshold: number(item.nextTier.threshold),
            gap: number(item.nextTier.gap),
            rate: formatPercent(item.nextTier.rate, locale),
          });
    const program = item.orderId === undefined ? item.programId : `${item.programId} · ${item.orderId}`;
    return html`<li class="rebate" data-testid="rebate-progress" data-program-id="${item.programId}">
      <h3>${program}</h3>
      <dl class="figures">
        <div><dt>${texts.period}</dt><dd>${fillTemplate(texts.periodRange, { from: formatDate(item.periodStart, locale), to: formatDate(item.periodEnd, locale) })}</dd></div>
        <div><dt>${texts.volume}</dt><dd>${number(item.volume)}</dd></div>
        <div><dt>${texts.rate}</dt><dd>${formatPercent(item.rate, locale)}</dd></div>
        <div><dt>${texts.accrued}</dt><dd>${formatMoney(item.accruedAmount, input.currency, locale)}</dd></div>
      </dl>
      ${tierProgressBar({
        id: `${input.idPrefix}-${index}`,
        title: fillTemplate(texts.chartTitle, { program }),
        volume: item.volume,
        threshold: item.nextTier?.threshold ?? null,
        caption,
      })}
    </li>`;
  });
  return html`<ul class="rebates">${items}</ul>`;
}
