import { formatMoney, formatNumber, formatPercent } from '@dealerflow/domain';
import type { CashDiscount, CreditDecisionRecord, CreditHold, RebateAdjustment, RebateStatement } from '@dealerflow/runtime';
import { limitBar } from '../charts/limitBar';
import { formatTime } from '../html/formatTime';
import { html, type Html } from '../html/html';
import { layout } from '../html/layout';
import { pager } from '../html/pager';
import type { Listed } from '../ops/opsPage';
import { dealerPath } from '../ops/opsPage';
import type { Flash } from '../session/flash';
import { CSRF_FIELD } from '../session/pageGuard';
import type { PageSession } from '../session/pageSession';
import { ageingSection, exportLinks, type AgeingInput } from './ageingSection';
import { describeReason } from './describeReason';
import { limitForm } from './limitForm';
import { scorePanel } from './scorePanel';
import { rebateAdjustmentsTable } from '../tables/rebateAdjustmentsTable';
import { staffTexts } from '../texts/staffTexts';

export interface FinancePageInput {
  session: PageSession;
  flash: Flash | undefined;
  /** Today (UTC) as the decisions are stamped: the earliest override date and a keep's earliest last day. */
  today: string;
  /** Active holds, most urgent first; undefined when the credit holds are not connected. */
  holds: readonly CreditHold[] | undefined;
  /** How many active holds there are in all (the queue shows the first ones). */
  holdsTotal: number;
  dealerNames: ReadonlyMap<string, string>;
  /** The latest decision recorded on each hold. */
  latestDecisions: ReadonlyMap<string, CreditDecisionRecord>;
  manualHolds: boolean;
  audit: Listed<CreditDecisionRecord>;
  statementStatus: 'payable' | 'withheld' | undefined;
  statements: Listed<RebateStatement>;
  /** Closed periods changed since their statement (issue 21); undefined on servers that do not give them. */
  adjustments?: Listed<RebateAdjustment> | undefined;
  discounts: Listed<CashDiscount>;
  /** Finance's tools (issue 20): the ageing and a dealer's open invoices, the CSV exports, and whether limits can be set. */
  ageing: AgeingInput;
  exports: readonly string[];
  limits: boolean;
}

const money = (amount: number) => formatMoney(amount, undefined, 'en');

const SUGGESTED: Record<NonNullable<CreditHold['review']>['suggestedAction']['code'], string> = {
  keep_hold: 'Keep the hold',
  request_payment: 'Request payment',
  release_with_override: 'Release with an override',
  review_limit: 'Review the limit',
};

function paymentBehaviour(review: CreditHold['review']): Html {
  if (review === null) return html`<span class="muted">Review not received yet.</span>`;
  const behaviour = review.paymentBehaviour;
  const parts = [
    behaviour.onTimeRatio === null ? 'no invoice settled in 12 months' : `${formatPercent(behaviour.onTimeRatio, 'en', 0)} paid on time`,
    behaviour.averageDaysToPay === null ? undefined : `${formatNumber(behaviour.averageDaysToPay, 'en', 1)} days to pay on average`,
    `worst ${behaviour.largestDaysPastDue} days past due`,
    `${behaviour.invoicesSettled} invoices settled`,
  ].filter((part) => part !== undefined);
  return html`${parts.join(' · ')}`;
}

function pendingNote(decision: CreditDecisionRecord | undefined): Html {
  if (decision === undefined) return html``;
  const when = formatTime(decision.decidedAt);
  if (decision.decision === 'release') {
    return html`<p class="pending" role="status">Release recorded by ${decision.decidedBy} at ${when}; the credit worker is applying it…</p>`;
  }
  const until = decision.keepUntil ? ` until ${decision.keepUntil}` : '';
  return html`<p class="last-decision">Last decision: ${decision.decision}${until} by ${decision.decidedBy} at ${when}${decision.note === null ? '' : `: “${decision.note}”`}</p>`;
}

/** The date a decision runs to: a release's override or a keep's last day (both inclusive); a dash for neither. */
function untilCell(decision: CreditDecisionRecord): Html {
  if (decision.keepUntil) {
    return html`<span data-testid="audit-keep-until" title="The last day the hold stands whatever the figures do">kept until ${decision.keepUntil}</span>`;
  }
  return html`${decision.overrideUntil === null ? '—' : `override until ${decision.overrideUntil}`}`;
}

function holdCard(hold: CreditHold, input: FinancePageInput): Html {
  const { session, today } = input;
  const name = input.dealerNames.get(hold.dealerId) ?? hold.dealerId;
  const id = hold.holdId;
  const suggested = hold.review?.suggestedAction;
  return html`<article class="hold" data-testid="hold-row" data-hold-id="${id}" aria-labelledby="hold-${id}-h">
    <header>
      <h3 id="hold-${id}-h"><a href="${dealerPath(hold.dealerId)}">${name}</a> <span class="muted">${hold.dealerId} · hold ${id}</span></h3>
      <p class="muted">On hold since ${formatTime(hold.placedAt)}</p>
    </header>
    <dl class="figures">
      <div><dt>Exposure against limit</dt><dd>${money(hold.exposure)} of ${money(hold.creditLimit)}
        ${limitBar({ exposure: hold.exposure, creditLimit: hold.creditLimit, label: `Exposure ${money(hold.exposure)} against a limit of ${money(hold.creditLimit)}` })}</dd></div>
      <div><dt>Overdue</dt><dd>${money(hold.overdueAmount)}${hold.maxDaysPastDue > 0 ? `, up to ${hold.maxDaysPastDue} days` : ''}</dd></div>
      <div><dt>Open receivables</dt><dd>${money(hold.openReceivables)}</dd></div>
      <div><dt>Open orders</dt><dd>${money(hold.openOrderValue)}</dd></div>
    </dl>
    <p><strong>Why:</strong> ${hold.reasons.map((reason) => describeReason(reason, undefined)).join('; ')}.</p>
    <p><strong>Payment behaviour:</strong> ${paymentBehaviour(hold.review)}</p>
    ${suggested === undefined ? '' : html`<p class="suggested"><span class="badge suggested-${suggested.code}">${SUGGESTED[suggested.code]}</span> ${suggested.text}</p>`}
    ${scorePanel(hold.review?.score)}
    ${pendingNote(input.latestDecisions.get(id))}
    ${input.limits ? limitForm(session, { dealerId: hold.dealerId, amount: hold.review?.score?.suggestedLimit.amount ?? hold.creditLimit, key: id }) : ''}
    <form method="post" action="/finance/holds/${encodeURIComponent(id)}/decision" class="decision">
      <input type="hidden" name="${CSRF_FIELD}" value="${session.csrf}">
      <div class="field wide"><label for="note-${id}">Note (the release's reason)</label>
        <textarea id="note-${id}" name="note" rows="2" maxlength="2000" data-testid="decision-note"></textarea></div>
      <div class="field"><label for="override-${id}">Override until (release only)</label>
        <input id="override-${id}" name="overrideUntil" type="date" min="${today}" data-testid="decision-override"></div>
      <div class="field"><label for="keep-until-${id}">Keep until (keep only)</label>
        <input id="keep-until-${id}" name="keepUntil" type="date" min="${today}" data-testid="decision-keep-until"
          title="The last day the hold stands whatever the figures do; blank: until a payment clears its reasons"></div>
      <div class="actions">
        <button type="submit" name="decision" value="release" class="primary" data-testid="decision-release">Release</button>
        <button type="submit" name="decision" value="keep" data-testid="decision-keep">Keep on hold</button>
      </div>
    </form>
  </article>`;
}

function queue(input: FinancePageInput): Html {
  if (input.holds === undefined) return html`<p class="empty">Credit holds are not connected to this server.</p>`;
  if (input.holds.length === 0) return html`<p class="empty">No active holds: nothing waits for a decision.</p>`;
  const more =
    input.holdsTotal > input.holds.length
      ? html`<p class="hint">Showing the ${input.holds.length} most urgent of ${input.holdsTotal} active holds.</p>`
      : '';
  return html`${more}<div class="holds">${input.holds.map((hold) => holdCard(hold, input))}</div>`;
}

function manualHoldForm(session: PageSession): Html {
  return html`<form method="post" action="/finance/manual-holds" class="manual-hold">
    <input type="hidden" name="${CSRF_FIELD}" value="${session.csrf}">
    <div class="field"><label for="manual-dealer">Dealer id</label>
      <input id="manual-dealer" name="dealerId" required maxlength="64" data-testid="manual-hold-dealer"></div>
    <div class="field wide"><label for="manual-note">Reason (required)</label>
      <textarea id="manual-note" name="note" rows="2" required maxlength="2000" data-testid="manual-hold-note"></textarea></div>
    <div class="actions"><button type="submit" data-testid="manual-hold-submit">Put on hold</button></div>
  </form>`;
}

function auditTable(audit: Listed<CreditDecisionRecord>): Html {
  if (audit.items.length === 0) return html`<p class="empty">No decisions recorded yet.</p>`;
  return html`<div class="table-scroll"><table>
    <caption>Every finance decision and limit, newest first: who, when they decided, when it took effect, why</caption>
    <thead><tr><th scope="col">Decided (wall clock)</th><th scope="col">Took effect (event time)</th><th scope="col">Who</th><th scope="col">Dealer</th><th scope="col">Hold</th>
      <th scope="col">Decision</th><th scope="col" class="num">Limit</th><th scope="col">Until</th><th scope="col">Note</th></tr></thead>
    <tbody>${audit.items.map(
      (decision) => html`<tr data-testid="audit-row" data-event-id="${decision.eventId}" data-hold-id="${decision.holdId ?? ''}">
        <td>${formatTime(decision.decidedAt)}</td>
        <td>${formatTime(decision.effectiveAt ?? decision.decidedAt)}</td>
        <td>${decision.decidedBy}</td>
        <td><a href="${dealerPath(decision.dealerId)}">${decision.dealerId}</a></td>
        <td class="id">${decision.holdId ?? '—'}</td>
        <th scope="row"><span class="badge decision-${decision.decision}">${decision.decision.replace('_', ' ')}</span></th>
        <td class="num">${decision.creditLimit === null || decision.creditLimit === undefined ? '—' : money(decision.creditLimit)}</td>
        <td>${untilCell(decision)}</td>
        <td>${decision.note ?? '—'}</td>
      </tr>`,
    )}</tbody>
  </table></div>`;
}

/** What of a statement was set against overdue invoices (docs/rebates.md, Settlement); nothing when none was. */
function offsetNote(settlement: FinancePageInput['statements']['items'][number]['settlement']): Html | string {
  if (!settlement || settlement.offsetAmount === 0) return '';
  const invoices = settlement.offsets.map((offset) => offset.invoiceId).join(', ');
  return html` <span class="muted" data-testid="statement-offset">${money(settlement.offsetAmount)} set against ${invoices}; ${money(settlement.payableAmount)} to pay</span>`;
}

function statementsSection(input: FinancePageInput): Html {
  const option = (value: string, label: string) =>
    html`<option value="${value}"${(input.statementStatus ?? '') === value ? html` selected` : ''}>${label}</option>`;
  const filter = html`<form method="get" action="/finance#statements-h" class="filters inline" aria-label="Filter statements">
    <div><label for="statement-status">Status</label>
      <select id="statement-status" name="statements">${option('', 'All')}${option('payable', 'Payable')}${option('withheld', 'Withheld')}</select></div>
    <div class="actions"><button type="submit">Show</button></div>
  </form>`;
  const table =
    input.statements.items.length === 0
      ? html`<p class="empty">No rebate statements.</p>`
      : html`<div class="table-scroll"><table>
          <caption>Rebate statements issued at the end of each period, newest first</caption>
          <thead><tr><th scope="col">Dealer</th><th scope="col">Program</th><th scope="col">Period</th><th scope="col" class="num">Volume</th>
            <th scope="col" class="num">Rate</th><th scope="col" class="num">Rebate</th><th scope="col">Status</th></tr></thead>
          <tbody>${input.statements.items.map(
            (statement) => html`<tr data-testid="statement-row">
              <td><a href="${dealerPath(statement.dealerId)}">${statement.dealerId}</a></td>
              <th scope="row">${statement.programId}</th>
              <td>${statement.periodStart} to ${statement.periodEnd}</td>
              <td class="num">${formatNumber(statement.volume, 'en')}</td>
              <td class="num">${formatPercent(statement.rate, 'en')}</td>
              <td class="num">${money(statement.rebateAmount)}</td>
              <td><span class="badge statement-${statement.status}">${statement.status}</span>${
                statement.withheldReason === null ? '' : html` <span class="muted">${statement.withheldReason}</span>`
              }${offsetNote(statement.settlement)}</td>
            </tr>`,
          )}</tbody>
        </table></div>`;
  return html`${filter}${table}${pager({ next: input.statements.next, first: input.statements.first, label: 'Statement pages' })}`;
}

function discountsTable(discounts: Listed<CashDiscount>): Html {
  if (discounts.items.length === 0) return html`<p class="empty">No cash discounts earned.</p>`;
  return html`<div class="table-scroll"><table>
    <caption>Early-payment discounts earned, newest first</caption>
    <thead><tr><th scope="col">Dealer</th><th scope="col">Invoice</th><th scope="col" class="num">Discount</th>
      <th scope="col" class="num">Amount</th><th scope="col">Paid by</th><th scope="col">Earned</th></tr></thead>
    <tbody>${discounts.items.map(
      (discount) => html`<tr data-testid="discount-row">
        <td><a href="${dealerPath(discount.dealerId)}">${discount.dealerId}</a></td>
        <th scope="row">${discount.invoiceId}</th>
        <td class="num">${formatNumber(discount.pct, 'en')}%</td>
        <td class="num">${money(discount.amount)}</td>
        <td>${discount.untilDate}</td>
        <td>${formatTime(discount.occurredAt)}</td>
      </tr>`,
    )}</tbody>
  </table></div>${pager({ next: discounts.next, first: discounts.first, label: 'Discount pages' })}`;
}

/** Finance: the review queue, the ageing, the manual hold and limits, the audit of decisions, rebate statements and cash discounts. */
export function financePage(input: FinancePageInput): Html {
  return layout({
    title: 'Finance',
    session: input.session,
    flash: input.flash,
    current: '/finance',
    main: html`<h1>Finance</h1>
    <section class="panel" aria-labelledby="queue-h">
      <h2 id="queue-h">Credit holds waiting for a decision</h2>
      <p class="hint">Most urgent first: the most days past due, then the largest excess over the limit, then the longest waiting.</p>
      ${queue(input)}
    </section>
    <section class="panel" aria-labelledby="ageing-h">
      <h2 id="ageing-h">Ageing of receivables</h2>
      ${exportLinks(input.exports)}
      ${ageingSection(input.ageing)}
    </section>
    ${
      input.manualHolds
        ? html`<section class="panel" aria-labelledby="manual-h"><h2 id="manual-h">Put a dealer on hold</h2>${manualHoldForm(input.session)}</section>`
        : ''
    }
    ${
      input.limits
        ? html`<section class="panel" aria-labelledby="limit-h"><h2 id="limit-h">Set a credit limit</h2>
            <p class="hint">Stands over the master data's limit until master data changes the limit; the credit worker applies it at once.</p>
            ${limitForm(input.session, undefined)}</section>`
        : ''
    }
    <section class="panel" aria-labelledby="audit-h">
      <h2 id="audit-h">Decisions</h2>
      ${auditTable(input.audit)}
      ${pager({ next: input.audit.next, first: input.audit.first, label: 'Decision pages' })}
    </section>
    <section class="panel" aria-labelledby="statements-h">
      <h2 id="statements-h">Rebate statements</h2>
      ${statementsSection(input)}
    </section>
    ${
      input.adjustments
        ? html`<section class="panel" aria-labelledby="adjustments-h"><h2 id="adjustments-h">Rebate adjustments</h2>
            ${rebateAdjustmentsTable({ adjustments: input.adjustments.items, texts: staffTexts.adjustments, locale: 'en', currency: undefined, dealerHref: dealerPath })}
            ${pager({ next: input.adjustments.next, first: input.adjustments.first, label: 'Adjustment pages' })}</section>`
        : ''
    }
    <section class="panel" aria-labelledby="discounts-h">
      <h2 id="discounts-h">Cash discounts earned</h2>
      ${discountsTable(input.discounts)}
    </section>`,
  });
}

