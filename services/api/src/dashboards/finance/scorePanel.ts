import { formatMoney, formatNumber, formatPercent } from '@dealerflow/domain';
import type { CreditHold } from '@dealerflow/runtime';
import { html, type Html } from '../html/html';

type Score = NonNullable<NonNullable<CreditHold['review']>['score']>;

const money = (amount: number) => formatMoney(amount, undefined, 'en');
const ratio = (value: number | null) => (value === null ? '—' : formatPercent(value, 'en', 0));

/** The review's credit score on a hold: points per factor, the figures behind them, and the suggested limit. */
export function scorePanel(score: Score | null | undefined): Html {
  if (!score) return html``;
  const { figures, suggestedLimit } = score;
  const facts = [
    `DSO ${figures.daysSalesOutstanding === null ? '—' : `${formatNumber(figures.daysSalesOutstanding, 'en', 1)} days`}`,
    `utilization ${ratio(figures.utilizationLast30Days)} over 30 days vs ${ratio(figures.utilizationPrevious60Days)} before (${figures.utilizationTrend})`,
    `orders ${money(figures.orderValueLast30Days)} in 30 days vs ${money(figures.orderValuePrevious30DayAverage)} per 30 days before (${figures.orderTrend})`,
    `${figures.holdsLast90Days} earlier hold(s) in 90 days`,
  ];
  return html`<div class="score" data-testid="credit-score" data-score="${String(score.score)}" data-grade="${score.grade}">
    <p><strong>Credit score:</strong> <span class="badge grade-${score.grade}">${String(score.score)}/100 · grade ${score.grade}</span>
      ${score.components.map((component) => html` <span class="muted" title="${component.text}">${component.factor.replaceAll('_', ' ')} ${String(component.points)}/${String(component.maxPoints)}</span>`)}</p>
    <p class="muted">${facts.join(' · ')}</p>
    <p data-testid="suggested-limit" data-amount="${String(suggestedLimit.amount)}"><strong>Suggested limit:</strong> ${money(suggestedLimit.amount)}
      <span class="muted">(now ${money(suggestedLimit.currentLimit)})</span> — ${suggestedLimit.text}</p>
  </div>`;
}
