import type { InputEventOf } from '@dealerflow/contracts';
import { addDays, daysBetween } from '../calendar';
import { roundCentsHalfUp, toCents, type Cents } from '../money';
import { inDealerCurrency } from './documentCurrency';
import { localDayOf, paymentDayOf, UTC_TERMS, type LedgerTerms } from './ledgerTerms';
import { cancelOrder, invoiceOrder, placeOrder, amendOrder } from './orderBook';

/**
 * A dealer's receivables as an AR clerk keeps them: invoices with what was applied to them, the
 * orders not yet invoiced, and money on account. Plain data, so a worker state can hold it.
 * Shared with the rebate worker, which needs days past due and cash discounts from the same rules.
 */
export interface Ledger {
  /** In issue order (the tie-break when due dates are equal). */
  invoices: LedgerInvoice[];
  orders: Record<string, LedgerOrder>;
  /** Payments taken, by paymentId, so a payment re-sent under a new eventId is counted once. */
  payments: Record<string, { amountCents: Cents; date: string }>;
  /** Credit notes taken, by creditNoteId, likewise (absent in ledgers from before credit notes). */
  creditNotes?: Record<string, { amountCents: Cents; date: string }>;
  /** Unapplied payment money. */
  creditBalanceCents: Cents;
  /**
   * Running totals kept with every change, so exposure is read in constant time on every event
   * however long the dealer's history (the money-conservation property test checks them).
   */
  openReceivablesCents: Cents;
  openOrderValueCents: Cents;
  /**
   * Invoices settled more than `SETTLED_DETAIL_DAYS` ago, folded into totals per settlement date:
   * all the payment-behaviour summary needs of them, in a few numbers instead of whole invoices.
   */
  settlements: Record<string, SettlementTotals>;
}

export interface SettlementTotals {
  settled: number;
  /** Settled on or before the due date. */
  onTime: number;
  /** Σ (settlement date − issue date). */
  daysToPay: number;
  /** The largest (settlement date − due date). */
  largestDaysPastDue: number;
}

/** How long a settled invoice (and a closed order) is kept whole, so a re-sent document is still recognised. */
export const SETTLED_DETAIL_DAYS = 31;

export interface LedgerInvoice {
  invoiceId: string;
  orderId: string | null;
  amountCents: Cents;
  /** The dealer's local day of the invoice.issued event. */
  issueDate: string;
  dueDate: string;
  discount: { pct: number; untilDate: string; amountCents: Cents } | null;
  /** Payment (and credit note) money applied to this invoice. */
  appliedCents: Cents;
  /** The cash discount that closed the invoice (0 until earned). */
  discountEarnedCents: Cents;
  /** The date the open balance reached 0, or null while open. */
  settledDate: string | null;
}

/**
 * An order's value as the credit rules count it: ordered (its lines, the last amendment's) less
 * invoiced less cancelled. Open value is what of it is neither invoiced nor cancelled; a partial
 * invoice moves exactly its amount from open order value into receivables (orderBook.ts).
 */
export interface LedgerOrder {
  /** Σ qty × unitPrice of the order's lines; 0 while only an invoice or cancellation naming it is known. */
  valueCents: Cents;
  /** Σ of the invoices naming the order. */
  invoicedCents?: Cents;
  /** The remainder was cancelled: nothing more is open. */
  cancelled?: boolean;
  /** valueCents − invoicedCents (never below 0), or 0 once cancelled: its share of `openOrderValueCents`. */
  openCents?: Cents;
  /** Ledgers from before per-order amounts kept only a status; read by orderBook.ts. */
  status?: 'open' | 'cancelled' | 'invoiced';
  /** The local date the order stopped being open (nothing open left), for pruning. */
  closedOn?: string;
}

export type LedgerEvent = InputEventOf<'order.placed' | 'order.amended' | 'order.cancelled' | 'invoice.issued' | 'payment.received' | 'credit.note.issued'>;

export type LedgerEffect = { kind: 'discount_earned'; invoiceId: string; amountCents: number; pct: number; untilDate: string };

export function createLedger(): Ledger {
  return { invoices: [], orders: {}, payments: {}, creditNotes: {}, creditBalanceCents: 0, openReceivablesCents: 0, openOrderValueCents: 0, settlements: {} };
}

export function isLedgerEvent(event: { type: string }): event is LedgerEvent {
  return LEDGER_TYPES.has(event.type);
}

const LEDGER_TYPES = new Set(['order.placed', 'order.amended', 'order.cancelled', 'invoice.issued', 'payment.received', 'credit.note.issued']);

/**
 * Applies one event to the ledger and returns the cash discounts it made earned. Money on account
 * is then applied to whatever open invoice still needs it, dated on the event's day. `terms` (the
 * dealer's time zone, currency, the published rates and the backdating the policy accepts) decide
 * the day a document counts on and the currency it is counted in; a document in a currency with no
 * published rate throws (a dead letter) before anything is applied.
 */
export function applyLedgerEvent(ledger: Ledger, original: LedgerEvent, terms: LedgerTerms = UTC_TERMS): LedgerEffect[] {
  const event = inDealerCurrency(original, terms);
  const date = event.type === 'payment.received' ? paymentDayOf(event, terms) : localDayOf(event.occurredAt, terms);
  const effects: LedgerEffect[] = [];
  switch (event.type) {
    case 'order.placed':
      placeOrder(ledger, event.data.orderId, linesValueCents(event.data.lines), date);
      break;
    case 'order.amended':
      if (event.data.lines) amendOrder(ledger, event.data.orderId, linesValueCents(event.data.lines), date);
      break;
    case 'order.cancelled':
      cancelOrder(ledger, event.data.orderId, date);
      break;
    case 'invoice.issued':
      issueInvoice(ledger, event.data, date, effects);
      break;
    case 'payment.received':
      receivePayment(ledger, event.data, date, effects);
      break;
    case 'credit.note.issued':
      issueCreditNote(ledger, event.data, date, effects);
      break;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
  ledger.creditBalanceCents = applyToOpenInvoices(ledger, ledger.creditBalanceCents, date, effects);
  return effects;
}

/** What an invoice still owes: amount less payments applied and any discount earned. */
export function openBalanceCents(invoice: LedgerInvoice): Cents {
  return invoice.amountCents - invoice.appliedCents - invoice.discountEarnedCents;
}

function linesValueCents(lines: readonly { qty: number; unitPrice: number }[]): Cents {
  return lines.reduce((sum, line) => sum + line.qty * toCents(line.unitPrice), 0);
}

function issueInvoice(
  ledger: Ledger,
  data: InputEventOf<'invoice.issued'>['data'],
  date: string,
  effects: LedgerEffect[],
): void {
  // A re-sent invoice (same invoiceId) is the same receivable, not a second one.
  if (ledger.invoices.some((invoice) => invoice.invoiceId === data.invoiceId)) return;
  const amountCents = toCents(data.amount);
  const invoice: LedgerInvoice = {
    invoiceId: data.invoiceId,
    orderId: data.orderId ?? null,
    amountCents,
    issueDate: date,
    dueDate: data.dueDate,
    discount: data.discount
      ? { pct: data.discount.pct, untilDate: data.discount.untilDate, amountCents: discountCents(amountCents, data.discount.pct) }
      : null,
    appliedCents: 0,
    discountEarnedCents: 0,
    settledDate: null,
  };
  ledger.invoices.push(invoice);
  ledger.openReceivablesCents += amountCents;
  if (data.orderId !== undefined) invoiceOrder(ledger, data.orderId, amountCents, date);
  settleIfDiscountReached(ledger, invoice, date, effects);
}

export function discountCents(amountCents: Cents, pct: number): Cents {
  return roundCentsHalfUp((amountCents * pct) / 100);
}

function receivePayment(
  ledger: Ledger,
  data: InputEventOf<'payment.received'>['data'],
  date: string,
  effects: LedgerEffect[],
): void {
  if (ledger.payments[data.paymentId]) return;
  const amountCents = toCents(data.amount);
  ledger.payments[data.paymentId] = { amountCents, date };
  let pool = amountCents;
  for (const allocation of data.allocations ?? []) {
    if (pool === 0) break;
    const invoice = ledger.invoices.find((candidate) => candidate.invoiceId === allocation.invoiceId);
    if (!invoice) continue;
    const take = Math.min(toCents(allocation.amount), pool, neededCents(invoice, date));
    applyTo(ledger, invoice, take, date, effects);
    pool -= take;
  }
  ledger.creditBalanceCents += applyToOpenInvoices(ledger, pool, date, effects);
}

/**
 * A credit note takes money off what the dealer owes: first off the invoice it names (up to what
 * that invoice still owes), the rest as money on account, which goes to open invoices oldest due
 * first like an unallocated payment. It is not a payment: nothing in it is a value date, so a cash
 * discount window is judged only by payments, but an invoice it clears is settled on its day.
 */
function issueCreditNote(
  ledger: Ledger,
  data: InputEventOf<'credit.note.issued'>['data'],
  date: string,
  effects: LedgerEffect[],
): void {
  const taken = (ledger.creditNotes ??= {});
  if (taken[data.creditNoteId]) return;
  const amountCents = toCents(data.amount);
  taken[data.creditNoteId] = { amountCents, date };
  let left = amountCents;
  const invoice = data.invoiceId === undefined ? undefined : ledger.invoices.find((candidate) => candidate.invoiceId === data.invoiceId);
  if (invoice && invoice.settledDate === null) {
    const take = Math.min(left, openBalanceCents(invoice));
    applyTo(ledger, invoice, take, date, effects);
    left -= take;
  }
  ledger.creditBalanceCents += applyToOpenInvoices(ledger, left, date, effects);
}

/** Applies money to open invoices, oldest due date first (ties: issue order); returns what is left. */
function applyToOpenInvoices(ledger: Ledger, cents: Cents, date: string, effects: LedgerEffect[]): Cents {
  if (cents <= 0 || ledger.openReceivablesCents <= 0) return cents;
  const queue: { invoice: LedgerInvoice; seq: number }[] = [];
  ledger.invoices.forEach((invoice, seq) => {
    // Settled invoices are most of a long history: only open ones can take money.
    if (invoice.settledDate === null && neededCents(invoice, date) > 0) queue.push({ invoice, seq });
  });
  queue.sort((a, b) => (a.invoice.dueDate < b.invoice.dueDate ? -1 : a.invoice.dueDate > b.invoice.dueDate ? 1 : a.seq - b.seq));
  let left = cents;
  for (const { invoice } of queue) {
    if (left === 0) break;
    const take = Math.min(left, neededCents(invoice, date));
    applyTo(ledger, invoice, take, date, effects);
    left -= take;
  }
  return left;
}

/**
 * What an invoice can still take from money dated `date`: inside the discount window only the
 * discounted amount is owed, so more than that would be money the dealer does not owe.
 */
function neededCents(invoice: LedgerInvoice, date: string): Cents {
  const open = openBalanceCents(invoice);
  if (open <= 0) return 0;
  if (invoice.discount && invoice.discountEarnedCents === 0 && date <= invoice.discount.untilDate) {
    return Math.max(0, invoice.amountCents - invoice.discount.amountCents - invoice.appliedCents);
  }
  return open;
}

function applyTo(ledger: Ledger, invoice: LedgerInvoice, cents: Cents, date: string, effects: LedgerEffect[]): void {
  if (cents <= 0) return;
  invoice.appliedCents += cents;
  ledger.openReceivablesCents -= cents;
  if (openBalanceCents(invoice) === 0) invoice.settledDate = date;
  else settleIfDiscountReached(ledger, invoice, date, effects);
}

function settleIfDiscountReached(ledger: Ledger, invoice: LedgerInvoice, date: string, effects: LedgerEffect[]): void {
  const discount = invoice.discount;
  if (!discount || discount.amountCents === 0 || invoice.discountEarnedCents > 0 || invoice.settledDate !== null) return;
  if (date > discount.untilDate) return;
  if (invoice.appliedCents < invoice.amountCents - discount.amountCents) return;
  invoice.discountEarnedCents = invoice.amountCents - invoice.appliedCents;
  ledger.openReceivablesCents -= invoice.discountEarnedCents;
  invoice.settledDate = date;
  effects.push({
    kind: 'discount_earned',
    invoiceId: invoice.invoiceId,
    amountCents: invoice.discountEarnedCents,
    pct: discount.pct,
    untilDate: discount.untilDate,
  });
}

/**
 * Keeps a dealer's ledger from growing with its history. Invoices settled, and orders closed
 * (cancelled or invoiced), more than `SETTLED_DETAIL_DAYS` before `today` leave the ledger; a
 * settled invoice leaves its figures in the totals of its settlement date, which are forgotten
 * once older than `historyDays` (the payment-behaviour window); payment ids go after the same 31
 * days. Limit: a document re-sent more than `SETTLED_DETAIL_DAYS` after it closed would be taken as new.
 */
export function pruneLedger(ledger: Ledger, today: string, historyDays: number): void {
  const detailHorizon = addDays(today, -SETTLED_DETAIL_DAYS);
  if (ledger.invoices.some((invoice) => invoice.settledDate !== null && invoice.settledDate < detailHorizon)) {
    const kept: LedgerInvoice[] = [];
    for (const invoice of ledger.invoices) {
      if (invoice.settledDate !== null && invoice.settledDate < detailHorizon) foldSettlement(ledger, invoice, invoice.settledDate);
      else kept.push(invoice);
    }
    ledger.invoices = kept;
  }
  const historyHorizon = addDays(today, -historyDays);
  for (const date in ledger.settlements) {
    if (date < historyHorizon) delete ledger.settlements[date];
  }
  for (const orderId in ledger.orders) {
    const order = ledger.orders[orderId]!;
    if (order.closedOn !== undefined && order.closedOn < detailHorizon) delete ledger.orders[orderId];
  }
  // Payment and credit note ids only guard against a document re-sent under a new eventId: a window is enough.
  for (const paymentId in ledger.payments) {
    if (ledger.payments[paymentId]!.date < detailHorizon) delete ledger.payments[paymentId];
  }
  for (const creditNoteId in ledger.creditNotes) {
    if (ledger.creditNotes[creditNoteId]!.date < detailHorizon) delete ledger.creditNotes[creditNoteId];
  }
}

function foldSettlement(ledger: Ledger, invoice: LedgerInvoice, settledDate: string): void {
  const totals = (ledger.settlements[settledDate] ??= { settled: 0, onTime: 0, daysToPay: 0, largestDaysPastDue: 0 });
  totals.settled += 1;
  if (settledDate <= invoice.dueDate) totals.onTime += 1;
  totals.daysToPay += daysBetween(invoice.issueDate, settledDate);
  totals.largestDaysPastDue = Math.max(totals.largestDaysPastDue, daysBetween(invoice.dueDate, settledDate));
}
