import { formatMoney } from '@dealerflow/domain';
import type {
  CreditHold,
  DealerSummary,
  DealerTierSuggestion,
  DeliveryExplanation,
  ExposurePoint,
  OpenStockAlert,
  RebateAdjustment,
  RebateProgress,
  StockPosition,
  TimelineEntry,
} from '@dealerflow/runtime';
import { coverChart } from '../charts/coverChart';
import { exposureChart } from '../charts/exposureChart';
import { describeReason } from '../finance/describeReason';
import { formatTime } from '../html/formatTime';
import { href, html, type Html } from '../html/html';
import { layout } from '../html/layout';
import type { Flash } from '../session/flash';
import type { PageSession } from '../session/pageSession';
import { alertsTable } from '../tables/alertsTable';
import { deliveriesTable } from '../tables/deliveriesTable';
import { rebateAdjustmentsTable } from '../tables/rebateAdjustmentsTable';
import { rebateProgressList } from '../tables/rebateProgressList';
import { staffTexts } from '../texts/staffTexts';
import { dealerTierSection } from './dealerTierSection';
import { creditCell, type Listed } from './opsPage';
import { timelineTable } from './timelineTable';

export interface DealerPageInput {
  session: PageSession;
  flash: Flash | undefined;
  dealer: DealerSummary;
  currency: string | undefined;
  exposure: readonly ExposurePoint[];
  positions: readonly StockPosition[];
  alerts: readonly OpenStockAlert[];
  deliveries: readonly DeliveryExplanation[];
  progress: readonly RebateProgress[];
  /** The dealer's latest tier suggestion, open or not (undefined: none made); Accept is offered to those who may accept. */
  tierSuggestion: DealerTierSuggestion | undefined;
  canAcceptTier: boolean;
  /** The dealer's newest rebate adjustments, newest first; `more`: older ones exist beyond them. */
  adjustments: { items: readonly RebateAdjustment[]; more: boolean };
  /** Every hold of the dealer, or undefined when the credit holds are not connected. */
  holds: readonly CreditHold[] | undefined;
  /** `next` goes later on a forward page, earlier on a backward one (`before`, `until`); `latest` is the newest page. */
  timeline: Listed<TimelineEntry> & { direction: 'forward' | 'backward'; latest: string };
  /** The instant the timeline page ends at (`?until=`), when one was asked for. */
  timelineUntil?: string | undefined;
  /** The page's address for the timeline up to an instant: what the system knew then. */
  timelineHref: (at: string) => string;
  /** Support staff may open the dealer's portal as the dealer sees it. */
  canViewPortal: boolean;
}

function holdsTable(holds: readonly CreditHold[], currency: string | undefined, timelineHref: (at: string) => string): Html {
  if (holds.length === 0) return html`<p class="empty">No credit holds.</p>`;
  return html`<div class="table-scroll"><table>
    <caption>Credit holds, by placement</caption>
    <thead><tr><th scope="col">Hold</th><th scope="col">Status</th><th scope="col">Placed</th><th scope="col">Reasons</th><th scope="col">Released</th></tr></thead>
    <tbody>${holds.map(
      (hold) => html`<tr data-hold-id="${hold.holdId}">
        <th scope="row" class="id">${hold.holdId}</th>
        <td><span class="badge ${hold.status === 'active' ? 'credit-on_hold' : 'credit-ok'}">${hold.status}</span></td>
        <td><a href="${timelineHref(hold.placedAt)}" title="The timeline up to this moment">${formatTime(hold.placedAt)}</a></td>
        <td><ul class="plain">${hold.reasons.map((reason) => html`<li>${describeReason(reason, currency)}</li>`)}</ul></td>
        <td>${hold.release === null ? '—' : `${formatTime(hold.release.releasedAt)} by ${hold.release.releasedBy}: ${hold.release.reason}`}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

/** One dealer for operations (and finance, reading): summary, pictures, alerts, deliveries, holds, timeline. */
export function dealerPage(input: DealerPageInput): Html {
  const { dealer, currency } = input;
  const money = (amount: number) => formatMoney(amount, currency, 'en');
  const portal = input.canViewPortal ? html`<a href="${href('/dealer', { dealerId: dealer.dealerId })}">Open the dealer's portal</a>` : '';
  return layout({
    title: dealer.name,
    session: input.session,
    flash: input.flash,
    main: html`<p class="crumbs"><a href="/ops">Operations</a> › ${dealer.dealerId}</p>
    <h1 data-testid="dealer-name">${dealer.name}</h1>
    <dl class="figures summary">
      <div><dt>Dealer id</dt><dd>${dealer.dealerId}</dd></div>
      <div><dt>Region</dt><dd>${dealer.region}</dd></div>
      <div><dt>Tier</dt><dd>${dealer.tier}</dd></div>
      <div><dt>Language</dt><dd>${dealer.locale}</dd></div>
      <div><dt>Credit</dt><dd>${creditCell(dealer.credit)}</dd></div>
      <div><dt>Late deliveries</dt><dd>${dealer.lateDeliveries}</dd></div>
    </dl>
    <p>${portal}</p>
    <section class="panel" aria-labelledby="credit-h">
      <h2 id="credit-h">Credit</h2>
      ${exposureChart({ id: 'exposure', points: input.exposure, formatAmount: money, formatTime: (at) => formatTime(at) })}
      ${input.holds === undefined ? html`<p class="empty">Credit holds are not connected to this server.</p>` : holdsTable(input.holds, currency, input.timelineHref)}
    </section>
    <section class="panel" aria-labelledby="stock-h">
      <h2 id="stock-h">Stock</h2>
      ${coverChart({ id: 'cover', positions: input.positions, texts: staffTexts.cover, locale: 'en' })}
      ${alertsTable({ alerts: input.alerts, texts: staffTexts.alerts, locale: 'en', timelineHref: input.timelineHref })}
    </section>
    <section class="panel" aria-labelledby="deliveries-h">
      <h2 id="deliveries-h">Late and partial deliveries</h2>
      ${deliveriesTable({ deliveries: input.deliveries, texts: staffTexts.deliveries, locale: 'en', timelineHref: input.timelineHref })}
    </section>
    <section class="panel" aria-labelledby="rebates-h">
      <h2 id="rebates-h">Rebates</h2>
      ${rebateProgressList({ progress: input.progress, texts: staffTexts.rebates, locale: 'en', currency, idPrefix: 'rebate' })}
    </section>
    ${dealerTierSection({ session: input.session, suggestion: input.tierSuggestion, canAccept: input.canAcceptTier })}
    <section class="panel" aria-labelledby="adjustments-h">
      <h2 id="adjustments-h">Rebate adjustments</h2>
      ${rebateAdjustmentsTable({ adjustments: input.adjustments.items, texts: staffTexts.adjustments, locale: 'en', currency })}
      ${input.adjustments.more ? html`<p class="hint">The newest ${input.adjustments.items.length}; finance's page lists every adjustment.</p>` : ''}
    </section>
    <section class="panel" id="timeline" aria-labelledby="timeline-h">
      <h2 id="timeline-h">Timeline</h2>
      <p class="hint">Every input that named this dealer and every output about it, in event time: what the system knew when each alert or hold fired. A time in the tables above opens the timeline up to that moment.</p>
      ${input.timelineUntil === undefined ? '' : html`<p data-testid="timeline-until">Up to ${formatTime(input.timelineUntil)}: what the system had been told and had concluded by then.</p>`}
      ${timelineTable(input.timeline.items)}
      <nav class="pager" aria-label="Timeline pages">
        ${input.timeline.first === undefined ? '' : html`<a href="${input.timeline.first}">« From the start</a>`}
        ${input.timeline.next === undefined ? '' : html`<a href="${input.timeline.next}" rel="${input.timeline.direction === 'forward' ? 'next' : 'prev'}">${input.timeline.direction === 'forward' ? 'Later »' : '« Earlier'}</a>`}
        <a href="${input.timeline.latest}">Latest »|</a>
      </nav>
    </section>`,
  });
}
