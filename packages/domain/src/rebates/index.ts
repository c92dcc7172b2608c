export { rebateWorker } from './worker';
export { rebatePolicySchema, defaultRebatePolicy, type RebatePolicy } from './policy';
export { initialRebateState, type RebateState, type DeliveredLine, type ProgramProgress, type Bucket } from './state';
export { computeAccrual, tierIndexFor, type Accrual, type NextTier, type RebateTier, type RebateMethod } from './accrual';
export { isInScope } from './scope';
