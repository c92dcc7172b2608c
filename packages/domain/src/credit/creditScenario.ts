import type { InputEvent } from '@dealerflow/contracts';
import { createEventBuilder, createScenario } from '../testing';
import type { CreditState } from './state';
import { creditWorker } from './worker';

/** Scenario helpers for the credit rules' tests: one dealer, D-1, limit 10 000 CNY unless told. */
export function creditScenario(options: { timezone?: string; policy?: Record<string, unknown> } = {}) {
  const scenario = createScenario({
    workers: [creditWorker],
    ...(options.policy ? { policies: { credit: creditWorker.policySchema.parse(options.policy) } } : {}),
  });
  const e = createEventBuilder();
  const accept = (event: InputEvent) => scenario.pipeline.accept(event);
  return {
    scenario,
    e,
    accept,
    state: () => scenario.pipeline.stateOf<CreditState>('credit', 'D-1')!,
    types: (outputs: readonly { type: string }[]) => outputs.map((output) => output.type),
    dealer: (at: string, creditLimit = 10_000) =>
      e('dealer.upserted', at, {
        name: 'Huadong Pumps',
        tier: 'B',
        region: 'East',
        locale: 'zh-CN',
        currency: 'CNY',
        creditLimit,
        paymentTerms: { netDays: 30 },
        ...(options.timezone ? { timezone: options.timezone } : {}),
      }),
    order: (at: string, orderId: string, value: number) =>
      e('order.placed', at, { orderId, warehouseId: 'W-1', lines: [{ sku: 'PUMP-1', qty: 2, unitPrice: value / 2 }], promisedDeliveryDate: '2026-06-30' }),
    invoice: (at: string, invoiceId: string, amount: number, dueDate: string, extra: { orderId?: string; currency?: string; discount?: { pct: number; untilDate: string } } = {}) =>
      e('invoice.issued', at, { invoiceId, amount, currency: 'CNY', dueDate, ...extra }),
    payment: (at: string, paymentId: string, amount: number, extra: { currency?: string; receivedAt?: string; allocations?: { invoiceId: string; amount: number }[] } = {}) => {
      const { receivedAt, ...data } = extra;
      const event = e('payment.received', at, { paymentId, amount, currency: 'CNY', ...data });
      return receivedAt ? { ...event, receivedAt } : event;
    },
    cancel: (at: string, orderId: string) => e('order.cancelled', at, { orderId }),
    tick: (at: string) => e('clock.tick', at, {}),
    decide: (at: string, data: { decision: 'release' | 'keep' | 'hold'; holdId?: string; keepUntil?: string; note?: string }) =>
      e('credit.decision.recorded', at, { decidedBy: 'li.na@finance', ...data }),
  };
}
