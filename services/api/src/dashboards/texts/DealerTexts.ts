import type { NotificationChannel, NotifiableType } from '@dealerflow/domain';
import type { LayoutLabels } from '../html/layout';

/**
 * Every label of the dealer portal in one locale. Each locale's file is typed with this, so a
 * label added here fails to compile until every locale has it. `{name}` are figures (fillTemplate).
 */
export interface DealerTexts {
  layout: LayoutLabels;
  pageTitle: string;
  /** "{region} · tier {tier}" */
  dealerMeta: string;
  sections: {
    alerts: string;
    cover: string;
    deliveries: string;
    rebates: string;
    adjustments: string;
    inbox: string;
    preferences: string;
  };
  alerts: {
    sku: string;
    kind: string;
    severity: string;
    onHand: string;
    inTransit: string;
    onOrder: string;
    avgDailySales: string;
    daysOfCover: string;
    suggestedOrder: string;
    raisedAt: string;
    none: string;
    kinds: Record<'stockout' | 'low_stock' | 'overstock', string>;
    severities: Record<'critical' | 'high' | 'medium' | 'low', string>;
    /** Caption of the table. */
    caption: string;
    /** The dealer's answer to an alert (issue 21): acknowledge it, or snooze it until a day. */
    answer: string;
    acknowledge: string;
    snooze: string;
    snoozeUntil: string;
    /** The flash after an answer. */
    answered: string;
  };
  cover: {
    title: string;
    /** "Days of cover of {count} SKUs; the mark is each SKU's reorder point." */
    description: string;
    legendCover: string;
    legendLow: string;
    legendReorder: string;
    /** "{days} days" */
    days: string;
    noSales: string;
    none: string;
    /** "Showing the {shown} SKUs with the least cover of {total}." */
    truncated: string;
  };
  deliveries: {
    order: string;
    promised: string;
    status: string;
    daysLate: string;
    explanation: string;
    none: string;
    caption: string;
    types: Record<'delivery.late' | 'delivery.partial', string>;
    statuses: Record<'not_dispatched' | 'in_transit' | 'delivered' | 'remainder_cancelled', string>;
  };
  rebates: {
    program: string;
    period: string;
    volume: string;
    rate: string;
    accrued: string;
    /** "{volume} of {threshold}: {gap} to go for {rate}" */
    progress: string;
    /** "Top tier reached: {rate} on {volume}" */
    topTier: string;
    /** "No tier yet" */
    noTier: string;
    /** Chart title: "Progress to the next tier of {program}" */
    chartTitle: string;
    none: string;
    /** "{from} to {to}" */
    periodRange: string;
  };
  /** Rebate adjustments of closed periods (issue 21): before, after, the difference. */
  adjustments: {
    caption: string;
    program: string;
    period: string;
    reason: string;
    reasons: Record<'late_delivery' | 'return', string>;
    /** "{reason} {document}" */
    because: string;
    before: string;
    after: string;
    difference: string;
    status: string;
    statuses: Record<'payable' | 'withheld', string>;
    issued: string;
    none: string;
  };
  inbox: {
    none: string;
    caption: string;
    /** The pager's name for screen readers. */
    pages: string;
    newest: string;
    older: string;
  };
  preferences: {
    intro: string;
    kind: string;
    channels: Record<NotificationChannel, string>;
    kinds: Record<NotifiableType, string>;
    save: string;
    saved: string;
  };
}
