import { fromCents, toCents } from '../money';
import { convertCents, NoFxRateError } from '../reference';
import type { LedgerEvent } from './ledger';
import { localDayOf, type LedgerTerms } from './ledgerTerms';

type MoneyDocument = Extract<LedgerEvent, { type: 'invoice.issued' | 'payment.received' | 'credit.note.issued' }>;

function isMoneyDocument(event: LedgerEvent): event is MoneyDocument {
  return event.type === 'invoice.issued' || event.type === 'payment.received' || event.type === 'credit.note.issued';
}

/**
 * The event with its money in the dealer's currency: an invoice, payment or credit note in another
 * currency is converted (amount and allocations) with the rate in force on the document's local day,
 * half up to the cent. Throws NoFxRateError when no rate was published: the pipeline turns the event
 * into a dead letter with that reason, and nothing of it is applied. Orders are priced in the
 * dealer's currency (the contract has no currency on them).
 */
export function inDealerCurrency<E extends LedgerEvent>(event: E, terms: LedgerTerms): E {
  if (!isMoneyDocument(event) || terms.currency === undefined || event.data.currency === terms.currency) return event;
  const from = event.data.currency;
  const to = terms.currency;
  const day = localDayOf(event.occurredAt, terms);
  const convert = (amount: number) => {
    try {
      return fromCents(convertCents(terms.rates ?? new Map(), toCents(amount), from, to, day));
    } catch (error) {
      if (!(error instanceof NoFxRateError)) throw error;
      throw new NoFxRateError(`${documentName(event)} is in ${from}, the dealer's currency is ${to}: ${error.message}`);
    }
  };
  const data = { ...event.data, amount: convert(event.data.amount), currency: to };
  if ('allocations' in data && data.allocations) {
    data.allocations = data.allocations.map((allocation) => ({ ...allocation, amount: convert(allocation.amount) }));
  }
  return { ...event, data } as E;
}

function documentName(event: MoneyDocument): string {
  switch (event.type) {
    case 'invoice.issued':
      return `invoice ${event.data.invoiceId}`;
    case 'payment.received':
      return `payment ${event.data.paymentId}`;
    case 'credit.note.issued':
      return `credit note ${event.data.creditNoteId}`;
  }
}
