export { stockWorker } from './worker';
export {
  stockPolicySchema,
  stockTierSettingsSchema,
  defaultStockPolicy,
  stockSettingsFor,
  DEFAULT_LEAD_TIME_DAYS,
  type StockPolicy,
  type StockTierSettings,
  type StockSettings,
} from './policy';
export { initialStockState, findSkuStock, type StockState, type SkuStock, type OrderStock, type ShipmentStock, type AlertSlot } from './state';
export {
  computeStockFigures,
  figuresOfSku,
  suggestedOrderQty,
  type StockFigureInput,
  type StockFigureSettings,
  type StockFigures,
} from './figures';
export { stockConditions, stockAlertSeverity, isSlowMover, STOCKOUT, LOW_STOCK, OVERSTOCK, type StockConditionSettings, type SeverityFacts } from './conditions';
export { arrivalsOf, arrivesWithinLeadTime } from './arrivals';
export { parseAlertId } from './acknowledgements';
export type { StockSummaryOutput } from './summaries';
export { stockAlertId, orderStockAlerts, projectedStockoutDate, type StockAlertOutput } from './alerts';
export { stockPositions, type StockPositionFigures } from './stockPositions';
