import type { StockPosition } from '@dealerflow/runtime';
import { fillTemplate, formatNumber, type Locale } from '@dealerflow/domain';
import { html, type Html } from '../html/html';
import type { DealerTexts } from '../texts/DealerTexts';
import { coord } from './niceCeiling';

export interface CoverChartInput {
  id: string;
  /** Lowest cover first (the board's order); the first `maxRows` are drawn. */
  positions: readonly StockPosition[];
  texts: DealerTexts['cover'];
  locale: Locale;
  maxRows?: number;
}

const WIDTH = 640;
const ROW = 28;
const LABEL_WIDTH = 130;
const VALUE_WIDTH = 120;
const TOP = 8;
/** Beyond four months a bar says "plenty": a long bar would squeeze the short ones that matter. */
const MAX_SCALE_DAYS = 120;

/**
 * Days of cover per SKU as horizontal bars, with each SKU's reorder point drawn as a mark in days
 * (reorder point ÷ daily sales): a bar short of its mark is below the reorder point. A SKU that sold
 * nothing in the window has no cover figure and says so.
 */
export function coverChart(input: CoverChartInput): Html {
  const { texts, locale } = input;
  if (input.positions.length === 0) return html`<p class="empty">${texts.none}</p>`;
  const rows = input.positions.slice(0, input.maxRows ?? 25);
  const days = (value: number) => fillTemplate(texts.days, { days: formatNumber(value, locale, 1) });
  const reorderDays = (position: StockPosition) => (position.avgDailySales > 0 ? position.reorderPoint / position.avgDailySales : null);
  const figures = rows.flatMap((position) => [position.daysOfCover ?? 0, reorderDays(position) ?? 0]);
  const scale = Math.min(MAX_SCALE_DAYS, Math.max(1, ...figures) * 1.1);
  const plotWidth = WIDTH - LABEL_WIDTH - VALUE_WIDTH;
  const x = (value: number) => LABEL_WIDTH + (Math.min(value, scale) / scale) * plotWidth;
  const height = TOP * 2 + rows.length * ROW;

  const bars = rows.map((position, index) => {
    const y = TOP + index * ROW;
    const mark = reorderDays(position);
    const cover = position.daysOfCover;
    const label = html`<text class="sku" x="${LABEL_WIDTH - 8}" y="${y + 18}" text-anchor="end">${position.sku}</text>`;
    if (cover === null || mark === null) {
      return html`<g><title>${position.sku}: ${texts.noSales}</title>${label}
        <text class="value muted" x="${LABEL_WIDTH + 4}" y="${y + 18}">${texts.noSales}</text></g>`;
    }
    const low = cover < mark;
    const summary = `${position.sku}: ${days(cover)} (${texts.legendReorder} ${days(mark)})`;
    return html`<g><title>${summary}</title>${label}
      <rect class="${low ? 'bar low' : 'bar'}" x="${LABEL_WIDTH}" y="${y + 5}" width="${coord(Math.max(x(cover) - LABEL_WIDTH, 1))}" height="${ROW - 10}"></rect>
      <line class="reorder-mark" x1="${coord(x(mark))}" x2="${coord(x(mark))}" y1="${y + 1}" y2="${y + ROW - 1}"></line>
      <text class="value" x="${coord(Math.max(x(cover), x(mark)) + 6)}" y="${y + 18}">${days(cover)}${cover > scale ? ' ›' : ''}</text></g>`;
  });

  return html`<figure class="chart cover-chart">
  <svg viewBox="0 0 ${WIDTH} ${height}" role="img" aria-labelledby="${input.id}-title ${input.id}-desc" preserveAspectRatio="xMinYMin meet">
    <title id="${input.id}-title">${texts.title}</title>
    <desc id="${input.id}-desc">${fillTemplate(texts.description, { count: rows.length })}</desc>
    ${bars}
  </svg>
  <figcaption class="legend">
    <span class="key key-cover">${texts.legendCover}</span>
    <span class="key key-low">${texts.legendLow}</span>
    <span class="key key-reorder">${texts.legendReorder}</span>
  </figcaption>
  ${rows.length < input.positions.length ? html`<p class="hint">${fillTemplate(texts.truncated, { shown: rows.length, total: input.positions.length })}</p>` : ''}
</figure>`;
}
