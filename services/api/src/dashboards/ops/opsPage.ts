import { formatNumber, formatPercent } from '@dealerflow/domain';
import type {
  DealerListPage,
  DealerSummary,
  DeliveryExplanation,
  NotificationSummary,
  OpenStockAlert,
  StockSeverity,
  TierSuggestion,
} from '@dealerflow/runtime';
import { formatTime } from '../html/formatTime';
import { html, type Html } from '../html/html';
import { layout } from '../html/layout';
import { pager } from '../html/pager';
import type { Flash } from '../session/flash';
import { CSRF_FIELD } from '../session/pageGuard';
import type { PageSession } from '../session/pageSession';
import { alertsTable } from '../tables/alertsTable';
import type { EmailStatus } from './emailStatus';
import { deliveriesTable } from '../tables/deliveriesTable';
import { staffTexts } from '../texts/staffTexts';
import { tierSuggestionsPanel } from './tierSuggestionsPanel';

export const SEVERITIES: readonly StockSeverity[] = ['critical', 'high', 'medium', 'low'];
export const TIERS = ['A', 'B', 'C', 'D'] as const;

export interface OpsFilters {
  region?: string | undefined;
  tier?: (typeof TIERS)[number] | undefined;
  search?: string | undefined;
  severity?: StockSeverity | undefined;
  onHold?: boolean | undefined;
}

/** A list section with its forward paging links (already built). */
export interface Listed<T> {
  items: readonly T[];
  next?: string | undefined;
  first?: string | undefined;
}

export interface OpsPageInput {
  session: PageSession;
  flash: Flash | undefined;
  filters: OpsFilters;
  regions: readonly string[];
  dealers: Listed<DealerSummary> & { total: DealerListPage['total'] };
  alerts: Listed<OpenStockAlert>;
  deliveries: Listed<DeliveryExplanation>;
  /** Open 80/20 tier suggestions (issue 21); `canAccept` for operations and admin. */
  tierSuggestions?: (Listed<TierSuggestion> & { canAccept: boolean }) | undefined;
  /** Failed notifications, or why they are not shown. */
  failed: Listed<NotificationSummary> | 'not_available' | 'not_allowed';
  /** How email leaves, shown above the failed notifications; undefined when the notifier does not say. */
  email?: EmailStatus | undefined;
}

export function dealerPath(dealerId: string): string {
  return `/ops/dealers/${encodeURIComponent(dealerId)}`;
}

/** A dealer's credit as a badge and its figures: exposure against limit. */
export function creditCell(credit: DealerSummary['credit']): Html {
  const label = { ok: 'OK', warning: 'Limit warning', on_hold: 'On hold' }[credit.status];
  const figures =
    credit.exposure === null
      ? html`<span class="muted">limit ${formatNumber(credit.creditLimit, 'en')}</span>`
      : html`<span>${formatNumber(credit.exposure, 'en')} of ${formatNumber(credit.creditLimit, 'en')}${
          credit.creditLimit > 0 ? ` (${formatPercent(credit.exposure / credit.creditLimit, 'en', 0)})` : ''
        }</span>`;
  return html`<span class="badge credit-${credit.status}">${label}</span> ${figures}`;
}

function alertCounts(counts: DealerSummary['openAlerts']): Html {
  return html`<span class="counts">${SEVERITIES.map(
    (severity) =>
      html`<span class="${counts[severity] > 0 ? `badge severity-${severity}` : 'badge zero'}" title="${severity}">${severity[0]?.toUpperCase()} ${counts[severity]}</span>`,
  )}</span>`;
}

function filtersForm(filters: OpsFilters, regions: readonly string[]): Html {
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}"${selected ? html` selected` : ''}>${label}</option>`;
  return html`<form method="get" action="/ops" class="filters" role="search" aria-label="Filter dealers">
    <div><label for="f-region">Region</label>
      <select id="f-region" name="region">${option('', 'All regions', filters.region === undefined)}${regions.map((region) =>
        option(region, region, region === filters.region),
      )}</select></div>
    <div><label for="f-tier">Tier</label>
      <select id="f-tier" name="tier">${option('', 'All tiers', filters.tier === undefined)}${TIERS.map((tier) =>
        option(tier, `Tier ${tier}`, tier === filters.tier),
      )}</select></div>
    <div><label for="f-severity">Open alerts</label>
      <select id="f-severity" name="severity">${option('', 'Any', filters.severity === undefined)}${SEVERITIES.map((severity) =>
        option(severity, `${severity} or worse`, severity === filters.severity),
      )}</select></div>
    <div><label for="f-search">Search</label>
      <input id="f-search" name="search" type="search" value="${filters.search ?? ''}" placeholder="Dealer id or name" maxlength="100"></div>
    <div class="check"><input id="f-hold" name="onHold" type="checkbox" value="1"${filters.onHold ? html` checked` : ''}>
      <label for="f-hold">On credit hold</label></div>
    <div class="actions"><button type="submit">Filter</button> <a href="/ops">Clear</a></div>
  </form>`;
}

function dealersTable(dealers: readonly DealerSummary[]): Html {
  if (dealers.length === 0) return html`<p class="empty">No dealer matches these filters.</p>`;
  const rows = dealers.map(
    (dealer) => html`<tr data-testid="dealer-row" data-dealer-id="${dealer.dealerId}">
      <th scope="row"><a href="${dealerPath(dealer.dealerId)}">${dealer.name}</a> <span class="muted">${dealer.dealerId}</span></th>
      <td>${dealer.region}</td>
      <td>${dealer.tier}</td>
      <td>${alertCounts(dealer.openAlerts)}</td>
      <td class="num">${dealer.lateDeliveries}</td>
      <td>${creditCell(dealer.credit)}</td>
    </tr>`,
  );
  return html`<div class="table-scroll"><table>
    <caption>Dealers, tier A first, then the most critical open alerts</caption>
    <thead><tr><th scope="col">Dealer</th><th scope="col">Region</th><th scope="col">Tier</th>
      <th scope="col">Open alerts (critical, high, medium, low)</th><th scope="col" class="num">Late deliveries</th><th scope="col">Credit</th></tr></thead>
    <tbody>${rows}</tbody>
  </table></div>`;
}

/** Where email goes, so that "no email failed" is not read as "email was sent" (docs/notifier-channels.md). */
function emailLine(email: EmailStatus | undefined): Html {
  if (email === undefined) return html``;
  const says =
    email.mode === 'smtp'
      ? html`Email goes out through the SMTP relay <code>${email.relay}</code>.`
      : email.mode === 'outbox'
        ? html`Email is not sent: no <code>SMTP_URL</code> is set, so each email is written as a <code>.eml</code> file
            (${email.messages === 1 ? '1 so far' : `${formatNumber(email.messages, 'en')} so far`}) to <code>${email.folder}</code>;
            any mail program opens them.`
        : html`Email is off: no <code>SMTP_URL</code> is set, so notifications go by webhook and in-app only, and no email
            is planned or failed. Set <code>SMTP_URL</code> to send email.`;
  return html`<p class="hint" data-testid="email-channel" data-email-mode="${email.mode}">${says}</p>`;
}

function failedSection(session: PageSession, failed: OpsPageInput['failed'], email: EmailStatus | undefined): Html {
  if (failed === 'not_allowed') return html``;
  const body =
    failed === 'not_available'
      ? html`<p class="empty">The notifier's records are not connected to this server.</p>`
      : failed.items.length === 0
        ? html`<p class="empty">No failed notifications.</p>`
        : html`<div class="table-scroll"><table>
            <caption>Notifications that failed after their last retry, oldest first</caption>
            <thead><tr><th scope="col">Notification</th><th scope="col">Dealer</th><th scope="col">To</th><th scope="col">Channel</th>
              <th scope="col">Kind</th><th scope="col" class="num">Attempts</th><th scope="col">Last error</th><th scope="col">Updated</th><th scope="col">Action</th></tr></thead>
            <tbody>${failed.items.map(
              (row) => html`<tr data-testid="failed-notification-row" data-notification-id="${row.notificationId}">
                <th scope="row" class="id">${row.notificationId}</th>
                <td><a href="${dealerPath(row.dealerId)}">${row.dealerId}</a></td>
                <td>${row.audience}</td><td>${row.channel}</td><td>${row.outputType}</td>
                <td class="num">${row.attempts}</td><td>${row.lastError ?? '—'}</td><td>${formatTime(row.updatedAt)}</td>
                <td><form method="post" action="/ops/notifications/${encodeURIComponent(row.notificationId)}/retry">
                  <input type="hidden" name="${CSRF_FIELD}" value="${session.csrf}">
                  <button type="submit" data-testid="retry-notification">Retry</button>
                </form></td>
              </tr>`,
            )}</tbody>
          </table></div>
          ${pager({ next: failed.next, first: failed.first, label: 'Failed notifications pages' })}`;
  return html`<section class="panel" id="failed" aria-labelledby="failed-h"><h2 id="failed-h">Failed notifications</h2>${emailLine(email)}${body}</section>`;
}

/** Operations: dealers by region and tier, the most urgent alerts, late deliveries, failed notifications. */
export function opsPage(input: OpsPageInput): Html {
  const { dealers, alerts, deliveries } = input;
  return layout({
    title: 'Operations',
    session: input.session,
    flash: input.flash,
    current: '/ops',
    main: html`<h1>Operations</h1>
    <section class="panel" aria-labelledby="dealers-h">
      <h2 id="dealers-h">Dealers</h2>
      ${filtersForm(input.filters, input.regions)}
      <p class="count">${dealers.total === 1 ? '1 dealer matches' : `${formatNumber(dealers.total, 'en')} dealers match`}.</p>
      ${dealersTable(dealers.items)}
      ${pager({ next: dealers.next, first: dealers.first, label: 'Dealer pages' })}
    </section>
    ${input.tierSuggestions ? tierSuggestionsPanel({ session: input.session, suggestions: input.tierSuggestions, canAccept: input.tierSuggestions.canAccept, dealerHref: dealerPath }) : ''}
    <section class="panel" aria-labelledby="alerts-h">
      <h2 id="alerts-h">Critical and high stock alerts</h2>
      ${alertsTable({ alerts: alerts.items, texts: staffTexts.alerts, locale: 'en', showDealer: true })}
      ${pager({ next: alerts.next, first: alerts.first, label: 'Alert pages' })}
    </section>
    <section class="panel" aria-labelledby="deliveries-h">
      <h2 id="deliveries-h">Late and partial deliveries</h2>
      ${deliveriesTable({ deliveries: deliveries.items, texts: staffTexts.deliveries, locale: 'en', showDealer: true })}
      ${pager({ next: deliveries.next, first: deliveries.first, label: 'Delivery pages' })}
    </section>
    ${failedSection(input.session, input.failed, input.email)}`,
  });
}

