import { fillTemplate, type Locale, type NotificationPreferences } from '@dealerflow/domain';
import type { DealerSummary, DeliveryExplanation, InboxItem, OpenStockAlert, RebateAdjustment, RebateProgress, StockPosition } from '@dealerflow/runtime';
import { coverChart } from '../charts/coverChart';
import { formatTime } from '../html/formatTime';
import { html, type Html } from '../html/html';
import { layout } from '../html/layout';
import { pager } from '../html/pager';
import type { Listed } from '../ops/opsPage';
import type { Flash } from '../session/flash';
import { CSRF_FIELD } from '../session/pageGuard';
import type { PageSession } from '../session/pageSession';
import { alertsTable } from '../tables/alertsTable';
import { deliveriesTable } from '../tables/deliveriesTable';
import { rebateAdjustmentsTable } from '../tables/rebateAdjustmentsTable';
import { rebateProgressList } from '../tables/rebateProgressList';
import type { DealerTexts } from '../texts/DealerTexts';

export interface DealerPortalInput {
  session: PageSession;
  flash: Flash | undefined;
  texts: DealerTexts;
  locale: Locale;
  dealer: DealerSummary;
  currency: string | undefined;
  alerts: readonly OpenStockAlert[];
  positions: readonly StockPosition[];
  deliveries: readonly DeliveryExplanation[];
  progress: readonly RebateProgress[];
  /** The dealer's rebate adjustments, newest first (issue 21); undefined when not given. */
  adjustments?: readonly RebateAdjustment[] | undefined;
  /** undefined when the inbox is not connected to this server. */
  inbox: Listed<InboxItem> | undefined;
  /** The whole document (every channel × kind); undefined when preferences are not connected. */
  preferences: NotificationPreferences | undefined;
  /** Staff viewing a dealer's portal send its id with the form. */
  staffDealerId: string | undefined;
  /** Whether alerts can be acknowledged from here (the server has an input log). */
  answers?: boolean;
}

/** A preference checkbox's field name: `pref:<channel>:<kind>` (kinds contain dots, never colons). */
export function preferenceField(channel: string, kind: string): string {
  return `pref:${channel}:${kind}`;
}

function inboxList(inbox: Listed<InboxItem>, texts: DealerTexts, locale: Locale): Html {
  if (inbox.items.length === 0) return html`<p class="empty">${texts.inbox.none}</p>`;
  return html`<ul class="inbox" aria-label="${texts.inbox.caption}">${inbox.items.map(
    (item) => html`<li data-testid="inbox-item" data-notification-id="${item.notificationId}">
      <p class="inbox-title"><strong>${item.title}</strong> <time datetime="${item.createdAt}" class="muted">${formatTime(item.createdAt, locale)}</time></p>
      <p class="inbox-body">${item.body}</p>
    </li>`,
  )}</ul>
  ${pager({ next: inbox.next, first: inbox.first, label: texts.inbox.pages, words: { first: texts.inbox.newest, next: texts.inbox.older } })}`;
}

function preferencesForm(input: DealerPortalInput, preferences: NotificationPreferences): Html {
  const { texts } = input;
  const channels = (['webhook', 'email', 'inApp'] as const).filter((channel) => preferences.channels[channel] !== undefined);
  const kinds = Object.keys(preferences.channels.inApp ?? preferences.channels.email ?? preferences.channels.webhook ?? {}) as (keyof DealerTexts['preferences']['kinds'])[];
  const rows = kinds.map(
    (kind) => html`<tr>
      <th scope="row">${texts.preferences.kinds[kind]}</th>
      ${channels.map((channel) => {
        const id = `pref-${channel}-${kind.replaceAll('.', '-')}`;
        const on = preferences.channels[channel]?.[kind] !== false;
        return html`<td class="check"><input type="checkbox" id="${id}" name="${preferenceField(channel, kind)}" value="on"${on ? html` checked` : ''}
          aria-label="${texts.preferences.kinds[kind]}: ${texts.preferences.channels[channel]}"></td>`;
      })}
    </tr>`,
  );
  return html`<form method="post" action="/dealer/preferences" class="preferences" data-testid="preferences-form">
    <input type="hidden" name="${CSRF_FIELD}" value="${input.session.csrf}">
    ${input.staffDealerId === undefined ? '' : html`<input type="hidden" name="dealerId" value="${input.staffDealerId}">`}
    <p class="hint">${texts.preferences.intro}</p>
    <div class="table-scroll"><table>
      <thead><tr><th scope="col">${texts.preferences.kind}</th>${channels.map(
        (channel) => html`<th scope="col" class="check">${texts.preferences.channels[channel]}</th>`,
      )}</tr></thead>
      <tbody>${rows}</tbody>
    </table></div>
    <div class="actions"><button type="submit" class="primary" data-testid="preferences-save">${texts.preferences.save}</button></div>
  </form>`;
}

/** The dealer's own page, every label in its locale. */
export function dealerPortal(input: DealerPortalInput): Html {
  const { texts, locale, dealer } = input;
  const section = (id: string, title: string, body: Html) =>
    html`<section class="panel" aria-labelledby="${id}-h"><h2 id="${id}-h">${title}</h2>${body}</section>`;
  return layout({
    title: `${texts.pageTitle} · ${dealer.name}`,
    lang: locale,
    labels: texts.layout,
    session: input.session,
    flash: input.flash,
    current: '/dealer',
    main: html`<h1 data-testid="dealer-name">${dealer.name}</h1>
    <p class="muted">${dealer.dealerId} · ${fillTemplate(texts.dealerMeta, { region: dealer.region, tier: dealer.tier })}</p>
    ${section(
      'alerts',
      texts.sections.alerts,
      alertsTable({
        alerts: input.alerts,
        texts: texts.alerts,
        locale,
        ...(input.answers ? { answer: { csrf: input.session.csrf, dealerId: input.staffDealerId } } : {}),
      }),
    )}
    ${section('cover', texts.sections.cover, coverChart({ id: 'cover', positions: input.positions, texts: texts.cover, locale }))}
    ${section('deliveries', texts.sections.deliveries, deliveriesTable({ deliveries: input.deliveries, texts: texts.deliveries, locale }))}
    ${section(
      'rebates',
      texts.sections.rebates,
      rebateProgressList({ progress: input.progress, texts: texts.rebates, locale, currency: input.currency, idPrefix: 'rebate' }),
    )}
    ${
      input.adjustments === undefined || input.adjustments.length === 0
        ? ''
        : section('adjustments', texts.sections.adjustments, rebateAdjustmentsTable({ adjustments: input.adjustments, texts: texts.adjustments, locale, currency: input.currency }))
    }
    ${input.inbox === undefined ? '' : section('inbox', texts.sections.inbox, inboxList(input.inbox, texts, locale))}
    ${input.preferences === undefined ? '' : section('preferences', texts.sections.preferences, preferencesForm(input, input.preferences))}`,
  });
}

