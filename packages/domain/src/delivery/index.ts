export { deliveryWorker } from './worker';
export { defaultDeliveryPolicy, deliveryPolicySchema, type DeliveryPolicy } from './policy';
export { initialDeliveryState, type DeliveryState, type TrackedOrder, type TrackedShipment, type SkuQty } from './state';
export {
  explainLateness,
  type ExplainInput,
  type ExplainedCause,
  type LateExplanation,
} from './explainLateness';
export { attributeCauses, type CauseDays, type LateCauseCode } from './attributeCauses';
export { creditHoldDays, type HoldDays } from './creditHoldDays';
export { backorderDays, lowestAvailableByDay, type BackorderDays, type BackorderInput } from './backorderDays';
export { orderProgress, shipmentsOf, shortLines, type DeliveryStatus, type OrderProgress } from './orderProgress';
export { deliveryTemplates, renderExplanation, type DeliveryTemplates } from './texts';
