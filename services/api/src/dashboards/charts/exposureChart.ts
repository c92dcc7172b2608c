import type { ExposurePoint } from '@dealerflow/runtime';
import { formatNumber } from '@dealerflow/domain';
import { html, type Html } from '../html/html';
import { coord, niceCeiling } from './niceCeiling';

export interface ExposureChartInput {
  /** Unique on the page: the SVG's title and description are referred to by id. */
  id: string;
  points: readonly ExposurePoint[];
  /** Amounts in the tooltips and the description (with the currency); the axis shows bare figures. */
  formatAmount: (amount: number) => string;
  formatTime: (at: string) => string;
}

const WIDTH = 640;
const HEIGHT = 260;
const MARGIN = { left: 72, right: 16, top: 16, bottom: 40 };
const DAY_MS = 86_400_000;

/**
 * Exposure against the credit limit over event time, as steps: a figure holds until the next
 * credit-relevant input changes it, and the last one holds to the right edge (it still stands).
 * The limit is a dashed step line; points over the limit are marked.
 */
export function exposureChart(input: ExposureChartInput): Html {
  const { points, id, formatAmount, formatTime } = input;
  if (points.length === 0) return html`<p class="empty">No exposure recorded yet.</p>`;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const t0 = Date.parse(first.at);
  const t1 = Math.max(Date.parse(last.at), t0 + DAY_MS);
  const top = niceCeiling(Math.max(...points.map((point) => Math.max(point.exposure, point.creditLimit))) * 1.05);
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (at: string) => MARGIN.left + ((Date.parse(at) - t0) / (t1 - t0)) * plotWidth;
  const y = (value: number) => MARGIN.top + plotHeight - (Math.max(0, value) / top) * plotHeight;
  const right = MARGIN.left + plotWidth;

  const steps = (value: (point: ExposurePoint) => number) =>
    points
      .map((point, index) => (index === 0 ? `M${coord(x(point.at))},${coord(y(value(point)))}` : `H${coord(x(point.at))}V${coord(y(value(point)))}`))
      .join('') + `H${coord(right)}`;

  const ticks = [0, 0.25, 0.5, 0.75, 1].map((share) => {
    const value = top * share;
    return html`<g class="tick"><line x1="${MARGIN.left}" x2="${coord(right)}" y1="${coord(y(value))}" y2="${coord(y(value))}"></line>
      <text x="${MARGIN.left - 6}" y="${coord(y(value) + 4)}" text-anchor="end">${formatNumber(value, 'en', 0)}</text></g>`;
  });
  const marks = points.map(
    (point) => html`<circle class="${point.exposure > point.creditLimit ? 'point over' : 'point'}" cx="${coord(x(point.at))}" cy="${coord(y(point.exposure))}" r="4">
      <title>${formatTime(point.at)}: exposure ${formatAmount(point.exposure)}, limit ${formatAmount(point.creditLimit)}, overdue ${formatAmount(point.overdueAmount)}</title></circle>`,
  );
  const over = last.exposure > last.creditLimit;
  const description = `Exposure went from ${formatAmount(first.exposure)} on ${formatTime(first.at)} to ${formatAmount(last.exposure)} on ${formatTime(last.at)}, ${over ? 'over' : 'within'} the credit limit of ${formatAmount(last.creditLimit)}; ${points.length} changes shown.`;

  return html`<figure class="chart exposure-chart">
  <svg viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="${id}-title ${id}-desc" preserveAspectRatio="xMidYMid meet">
    <title id="${id}-title">Exposure against the credit limit</title>
    <desc id="${id}-desc">${description}</desc>
    ${ticks}
    <path class="exposure-area" d="${steps((point) => point.exposure)}V${coord(y(0))}H${coord(x(first.at))}Z"></path>
    <path class="limit-line" d="${steps((point) => point.creditLimit)}"></path>
    <path class="exposure-line" d="${steps((point) => point.exposure)}"></path>
    ${marks}
    <text class="axis-label" x="${MARGIN.left}" y="${HEIGHT - 12}" text-anchor="start">${formatTime(first.at)}</text>
    <text class="axis-label" x="${coord(right)}" y="${HEIGHT - 12}" text-anchor="end">${formatTime(last.at)}</text>
  </svg>
  <figcaption class="legend">
    <span class="key key-exposure">Exposure</span>
    <span class="key key-limit">Credit limit</span>
    <span class="key key-over">Over the limit</span>
  </figcaption>
</figure>`;
}
