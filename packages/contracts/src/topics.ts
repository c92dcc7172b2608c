import type { InputType } from './inputs';
import type { OutputType } from './outputs';

export const TOPICS = {
  master: 'dealer.master.v1',
  reference: 'dealer.reference.v1',
  orders: 'dealer.orders.v1',
  deliveries: 'dealer.deliveries.v1',
  inventory: 'dealer.inventory.v1',
  payments: 'dealer.payments.v1',
  clock: 'dealer.clock.v1',
  finance: 'dealer.finance.v1',
  stockAlerts: 'dealer.stock-alerts.v1',
  deliveryExplanations: 'dealer.delivery-explanations.v1',
  rebates: 'dealer.rebates.v1',
  credit: 'dealer.credit.v1',
  notifications: 'dealer.notifications.v1',
  deadLetter: 'dealer.dead-letter.v1',
} as const;

export type Topic = (typeof TOPICS)[keyof typeof TOPICS];

export const INPUT_TOPIC: Record<InputType, Topic> = {
  'dealer.upserted': TOPICS.master,
  'dealer.tier.accepted': TOPICS.master,
  'sales.totals.published': TOPICS.reference,
  'product.upserted': TOPICS.reference,
  'rebate.program.upserted': TOPICS.reference,
  'warehouse.stock.reported': TOPICS.reference,
  'calendar.holidays.published': TOPICS.reference,
  'fx.rate.published': TOPICS.reference,
  'order.placed': TOPICS.orders,
  'order.amended': TOPICS.orders,
  'order.cancelled': TOPICS.orders,
  'shipment.dispatched': TOPICS.deliveries,
  'shipment.exception': TOPICS.deliveries,
  'shipment.delivered': TOPICS.deliveries,
  'dealer.stock.reported': TOPICS.inventory,
  'dealer.sales.reported': TOPICS.inventory,
  'stock.alert.acknowledged': TOPICS.inventory,
  'invoice.issued': TOPICS.payments,
  'payment.received': TOPICS.payments,
  'credit.note.issued': TOPICS.payments,
  'clock.tick': TOPICS.clock,
  'credit.decision.recorded': TOPICS.finance,
  'credit.limit.set': TOPICS.finance,
};

export const OUTPUT_TOPIC: Record<OutputType, Topic> = {
  'credit.hold.placed': TOPICS.credit,
  'credit.review.requested': TOPICS.credit,
  'credit.hold.released': TOPICS.credit,
  'credit.limit.warning': TOPICS.credit,
  'stock.alert.raised': TOPICS.stockAlerts,
  'stock.alert.resolved': TOPICS.stockAlerts,
  'stock.alerts.summarised': TOPICS.stockAlerts,
  'delivery.late': TOPICS.deliveryExplanations,
  'delivery.partial': TOPICS.deliveryExplanations,
  'rebate.accrued': TOPICS.rebates,
  'rebate.tier.reached': TOPICS.rebates,
  'rebate.statement.issued': TOPICS.rebates,
  'rebate.adjustment.issued': TOPICS.rebates,
  'dealer.tier.suggested': TOPICS.rebates,
  'cash.discount.earned': TOPICS.rebates,
  'notification.requested': TOPICS.notifications,
  'notification.delivered': TOPICS.notifications,
  'notification.failed': TOPICS.notifications,
  'event.dead_lettered': TOPICS.deadLetter,
};

/** The input types each input topic carries. */
export const TOPIC_INPUT_TYPES = Object.entries(INPUT_TOPIC).reduce<Partial<Record<Topic, InputType[]>>>(
  (byTopic, [type, topic]) => {
    (byTopic[topic] ??= []).push(type as InputType);
    return byTopic;
  },
  {},
);
