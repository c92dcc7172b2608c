import type { OutputDataOf, OutputEvent } from '@dealerflow/contracts';

const money = (amount: number) => amount.toLocaleString('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** One line per output for the terminal: when, which dealer, what, and the figures that matter. */
export function describeOutput(output: OutputEvent): string {
  const head = `${output.occurredAt.slice(0, 10)}  ${(output.dealerId ?? '-').padEnd(7)}  ${output.type.padEnd(24)}`;
  switch (output.type) {
    case 'stock.alert.raised':
    case 'stock.alert.resolved':
      return `${head}${output.data.kind} (${output.data.severity}) ${output.data.sku}: on hand ${output.data.onHand}, ` +
        `${output.data.avgDailySales}/day, suggested order ${output.data.suggestedOrderQty}`;
    case 'stock.alerts.summarised':
      return `${head}${describeSummary(output.data)}`;
    case 'delivery.late':
    case 'delivery.partial':
      return `${head}${output.data.explanation.en}`;
    case 'credit.hold.placed':
      return `${head}${output.data.holdId}: ${output.data.reasons.map((reason) => reason.code).join(' + ')}, ` +
        `exposure ${money(output.data.exposure)} of ${money(output.data.creditLimit)}`;
    case 'credit.review.requested':
      return `${head}suggested: ${output.data.suggestedAction.text}`;
    case 'credit.hold.released':
      return `${head}${output.data.holdId} by ${output.data.releasedBy}: ${output.data.reason}`;
    case 'credit.limit.warning':
      return `${head}exposure ${money(output.data.exposure)} is ${Math.round(output.data.utilization * 100)}% of the limit`;
    case 'rebate.accrued':
      return `${head}${output.data.programId}: volume ${output.data.volume}, accrued ${money(output.data.accruedAmount)}` +
        (output.data.nextTier ? `, ${output.data.nextTier.gap} to the next tier` : '');
    case 'rebate.tier.reached':
      return `${head}${output.data.programId}: tier ${output.data.tierIndex} (${output.data.rate * 100}%) at volume ${output.data.volume}`;
    case 'rebate.statement.issued':
      return `${head}${output.data.programId}: ${output.data.status} ${money(output.data.rebateAmount)}` +
        (output.data.settlement?.offsetAmount ? `, ${money(output.data.settlement.offsetAmount)} set against overdue invoices` : '') +
        (output.data.withheldReason ? ` (${output.data.withheldReason})` : '');
    case 'rebate.adjustment.issued':
      return `${head}${output.data.programId}: ${output.data.reason} ${output.data.documentId}, ${money(output.data.adjustmentAmount)} ` +
        `(rebate ${money(output.data.previousRebateAmount)} → ${money(output.data.rebateAmount)})`;
    case 'dealer.tier.suggested':
      return `${head}tier ${output.data.currentTier} → ${output.data.suggestedTier}: rank ${output.data.rank} of ${output.data.dealerCount}, ` +
        `${Math.round(output.data.cumulativeShare * 100)}% of sales with those above (${output.data.month})`;
    case 'cash.discount.earned':
      return `${head}${output.data.invoiceId}: ${money(output.data.amount)}`;
    case 'event.dead_lettered':
      return `${head}${output.data.reason}`;
    default:
      return `${head}${JSON.stringify(output.data).slice(0, 120)}`;
  }
}

/** Alerts a summary's line names; the rest are counted. */
const SUMMARY_ALERTS_NAMED = 3;

/** A summary as a dealer reads its heading: which one, the counts, then the first alerts by name. */
function describeSummary(data: OutputDataOf<'stock.alerts.summarised'>): string {
  const { counts, alerts } = data;
  const named = alerts.slice(0, SUMMARY_ALERTS_NAMED).map((alert) => `${alert.sku} ${alert.kind} (${alert.status})`);
  const more = alerts.length > SUMMARY_ALERTS_NAMED ? `, ${alerts.length - SUMMARY_ALERTS_NAMED} more` : '';
  return (
    `${data.reason === 'opening' ? 'opening summary' : 'daily digest'} of ${data.date}: ` +
    `${counts.stockout} stock-out(s), ${counts.low_stock} low stock, ${counts.overstock} overstock — ${named.join(', ')}${more}`
  );
}
