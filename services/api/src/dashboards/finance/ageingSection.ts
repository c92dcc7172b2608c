import { formatMoney } from '@dealerflow/domain';
import type { AgeingReport, OpenInvoice } from '@dealerflow/runtime';
import { formatTime } from '../html/formatTime';
import { href, html, type Html } from '../html/html';
import { dealerPath } from '../ops/opsPage';

const money = (amount: number) => formatMoney(amount, undefined, 'en');
const BUCKETS = [
  ['current', 'Current'],
  ['days1to30', '1–30'],
  ['days31to60', '31–60'],
  ['days61to90', '61–90'],
  ['over90', '90+'],
  ['total', 'Total'],
] as const;

/** The ageing shows the dealers owing most first, at most this many (the total and the CSV have them all). */
export const AGEING_ROWS = 50;

export interface AgeingInput {
  ageing: (AgeingReport & { asOf: string | null }) | undefined;
  dealerNames: ReadonlyMap<string, string>;
  /** The dealer whose open invoices are shown (`?invoicesOf=`), and them. */
  invoices: { dealerId: string; today: string | null; items: readonly OpenInvoice[] } | undefined;
}

/** Open receivables by age (current, 1–30, 31–60, 61–90, 90+ days past due), per dealer and in total. */
export function ageingSection(input: AgeingInput): Html {
  const { ageing } = input;
  if (ageing === undefined) return html`<p class="empty">The ageing cannot be read right now.</p>`;
  if (ageing.dealers.length === 0) return html`<p class="empty">Nothing is owed.</p>`;
  const cells = (row: AgeingReport['total']) => BUCKETS.map(([key]) => html`<td class="num">${money(row[key])}</td>`);
  const shown = ageing.dealers.slice(0, AGEING_ROWS);
  return html`${ageing.asOf === null ? '' : html`<p class="hint">Aged at ${formatTime(ageing.asOf)}, each dealer on its own day.${
    ageing.dealers.length > shown.length ? ` Showing the ${shown.length} dealers owing most of ${ageing.dealers.length}.` : ''
  }</p>`}
  <div class="table-scroll"><table>
    <caption>Open receivables by days past due</caption>
    <thead><tr><th scope="col">Dealer</th>${BUCKETS.map(([, label]) => html`<th scope="col" class="num">${label}</th>`)}<th scope="col">Invoices</th></tr></thead>
    <tbody>${shown.map(
      (row) => html`<tr data-testid="ageing-row" data-dealer-id="${row.dealerId}">
        <th scope="row"><a href="${dealerPath(row.dealerId)}">${input.dealerNames.get(row.dealerId) ?? row.dealerId}</a> <span class="muted">${row.dealerId}</span></th>
        ${cells(row)}
        <td><a href="${href('/finance', { invoicesOf: row.dealerId })}#invoices-h" data-testid="ageing-invoices">open invoices</a></td>
      </tr>`,
    )}</tbody>
    <tfoot><tr data-testid="ageing-total"><th scope="row">All dealers</th>${cells(ageing.total)}<td></td></tr></tfoot>
  </table></div>
  ${input.invoices === undefined ? '' : invoicesTable(input.invoices, input.dealerNames)}`;
}

function invoicesTable(invoices: NonNullable<AgeingInput['invoices']>, names: ReadonlyMap<string, string>): Html {
  const name = names.get(invoices.dealerId) ?? invoices.dealerId;
  const body =
    invoices.items.length === 0
      ? html`<p class="empty">${name} has no open invoice.</p>`
      : html`<div class="table-scroll"><table>
          <caption>${name}'s open invoices on ${invoices.today ?? '—'}, earliest due first</caption>
          <thead><tr><th scope="col">Invoice</th><th scope="col">Order</th><th scope="col">Issued</th><th scope="col">Due</th>
            <th scope="col" class="num">Amount</th><th scope="col" class="num">Paid</th><th scope="col" class="num">Open</th><th scope="col" class="num">Days past due</th></tr></thead>
          <tbody>${invoices.items.map(
            (invoice) => html`<tr data-testid="invoice-row" data-bucket="${invoice.bucket}">
              <th scope="row">${invoice.invoiceId}</th><td>${invoice.orderId ?? '—'}</td><td>${invoice.issueDate}</td><td>${invoice.dueDate}</td>
              <td class="num">${money(invoice.amount)}</td><td class="num">${money(invoice.paid)}</td><td class="num">${money(invoice.open)}</td>
              <td class="num">${invoice.daysPastDue > 0 ? String(invoice.daysPastDue) : 'not yet due'}</td>
            </tr>`,
          )}</tbody>
        </table></div>`;
  return html`<h3 id="invoices-h">Open invoices of ${name}</h3>${body}`;
}

/** Links to the CSV exports (served under /finance with the page's session). */
export function exportLinks(names: readonly string[]): Html {
  return html`<p class="exports">Download CSV: ${names.map(
    (name, index) => html`${index > 0 ? ' · ' : ''}<a href="/finance/exports/${name}.csv" download data-testid="export-${name}">${name}</a>`,
  )}</p>`;
}
