import { creditWorker } from './credit';
import { deliveryWorker } from './delivery';
import { rebateWorker } from './rebates';
import { stockWorker } from './stock';
import type { AnyWorker } from './pipeline';

/**
 * Every worker, in the order the pipeline runs them on one event (and so the order of their
 * outputs for it). Later workers may recompute an earlier worker's conclusions with its shared
 * functions, never by reading its outputs, so the embedded and distributed runtimes agree.
 */
export const WORKERS: readonly AnyWorker[] = [creditWorker, stockWorker, deliveryWorker, rebateWorker];
