import type { InputEvent, InputEventOf } from '@dealerflow/contracts';
import type { SimDealer } from './catalogue';
import { recordSale } from './salesLedger';
import { dateOfSimDay, nextId, type ScheduledPayment, type SimLine, type SimulationState } from './simulationState';

/**
 * Invoices a shipment on its dispatch day (due after the dealer's net days, with the dealer's
 * cash-discount terms when it has them) and schedules how the dealer will pay it.
 */
export function issueInvoice(
  state: SimulationState,
  dealer: SimDealer,
  orderId: string,
  lines: readonly SimLine[],
  day: number,
  occurredAt: string,
): InputEventOf<'invoice.issued'> {
  const cents = lines.reduce((sum, line) => sum + line.qty * line.priceCents, 0);
  const terms = dealer.profile.paymentTerms;
  const discount =
    terms.discountPct !== undefined && terms.discountDays !== undefined
      ? { pct: terms.discountPct, untilDay: day + terms.discountDays }
      : undefined;
  const invoiceId = nextId(state, 'invoice', 'INV');
  schedulePayments(state, dealer, { invoiceId, cents, day, dueDay: day + terms.netDays, discount });
  recordSale(state, dealer.index, day, cents);
  return state.events.dealerEvent('invoice.issued', occurredAt, dealer.id, {
    invoiceId,
    orderId,
    amount: cents / 100,
    currency: dealer.profile.currency,
    dueDate: dateOfSimDay(state, day + terms.netDays),
    ...(discount ? { discount: { pct: discount.pct, untilDate: dateOfSimDay(state, discount.untilDay) } } : {}),
  });
}

interface InvoiceTerms {
  invoiceId: string;
  cents: number;
  day: number;
  dueDay: number;
  discount: { pct: number; untilDay: number } | undefined;
}

/**
 * Prompt payers take the cash discount when offered (80 % of the time, paying the discounted
 * amount, rounded up to the cent, within the discount window) or pay up to 5 days before the due
 * date; slow payers pay up to 12 days late; late payers 5–60 days late. One in ten invoices of a
 * slow or late payer is paid in two halves, the second 10–30 days after the first.
 */
function schedulePayments(state: SimulationState, dealer: SimDealer, invoice: InvoiceTerms): void {
  const { random } = state;
  const payments = state.payments[dealer.index]!;
  const pay = (day: number, cents: number, mustAllocate: boolean) =>
    payments.push({ day, invoiceId: invoice.invoiceId, cents, mustAllocate });
  if (dealer.habit === 'prompt') {
    if (invoice.discount && random.chance(0.8)) {
      const discounted = Math.ceil((invoice.cents * (100 - invoice.discount.pct)) / 100);
      pay(random.int(invoice.day + 2, invoice.discount.untilDay), discounted, true);
    } else {
      pay(Math.max(invoice.day + 1, invoice.dueDay - random.int(0, 5)), invoice.cents, false);
    }
    return;
  }
  const day = invoice.dueDay + (dealer.habit === 'slow' ? random.int(0, 12) : random.int(5, 60));
  if (random.chance(0.1)) {
    const first = Math.floor(invoice.cents / 2);
    pay(day, first, false);
    pay(day + random.int(10, 30), invoice.cents - first, false);
  } else {
    pay(day, invoice.cents, false);
  }
}

/**
 * A dealer pays everything it scheduled for the day in one transfer. The transfer names its
 * invoices when it takes a cash discount, and 30 % of the time otherwise; without allocations the
 * money is applied oldest due date first, as the contract says.
 */
export function* receivePayments(state: SimulationState, day: number): Generator<InputEvent> {
  for (const dealer of state.catalogue.dealers) {
    const scheduled = state.payments[dealer.index]!;
    if (!scheduled.some((payment) => payment.day === day)) continue;
    const due: ScheduledPayment[] = scheduled.filter((payment) => payment.day === day);
    state.payments[dealer.index] = scheduled.filter((payment) => payment.day !== day);
    const cents = due.reduce((sum, payment) => sum + payment.cents, 0);
    const allocate = due.some((payment) => payment.mustAllocate) || state.random.chance(0.3);
    yield state.events.dealerEvent('payment.received', state.events.dealerAt('payment', dealer.index), dealer.id, {
      paymentId: nextId(state, 'payment', 'PAY'),
      amount: cents / 100,
      currency: dealer.profile.currency,
      ...(allocate ? { allocations: due.map((payment) => ({ invoiceId: payment.invoiceId, amount: payment.cents / 100 })) } : {}),
    });
  }
}
