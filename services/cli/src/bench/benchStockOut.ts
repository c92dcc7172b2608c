import type { OutputDataOf } from '@dealerflow/contracts';

/** The SKUs the notify phases' stock-outs are about. */
export const BENCH_SKUS = ['PUMP-QB60', 'PUMP-CM3-5', 'VALVE-DN50', 'MOTOR-Y2-90L', 'SEAL-KIT-40'];

/** The figures of one critical stock-out, the notify phases' message: the size and shape of a real one. */
export function benchStockOutData(dealerId: string, sku: string, alertOrdinal: number, causedBy: string): OutputDataOf<'stock.alert.raised'> {
  return {
    alertId: `${dealerId}/${sku}/stockout/${alertOrdinal}`,
    sku,
    kind: 'stockout',
    severity: 'critical',
    onHand: 0,
    inTransit: 12,
    onOrder: 30,
    avgDailySales: 4.3,
    daysOfCover: 0,
    reorderPoint: 52,
    suggestedOrderQty: 86,
    causedBy,
  };
}
