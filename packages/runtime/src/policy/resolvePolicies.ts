import { describeIssues } from '@dealerflow/contracts';
import type { AnyWorker, WorkerName } from '@dealerflow/domain';

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

/**
 * Validates operator settings (`{ credit?: {...}, stock?: {...}, ... }`) against each worker's policy
 * schema and fills in the defaults. Workers that recompute credit holds (delivery) take the credit
 * settings unless given their own, so every worker sees the same holds.
 */
export function resolvePolicies(workers: readonly AnyWorker[], settings: Record<string, unknown> = {}): Record<WorkerName, unknown> {
  const known = new Set<string>(workers.map((worker) => worker.name));
  for (const key of Object.keys(settings)) {
    if (!known.has(key)) throw new PolicyError(`unknown policy section "${key}" (expected one of: ${[...known].join(', ')})`);
  }
  const resolved = {} as Record<WorkerName, unknown>;
  for (const worker of workers) {
    const own = (settings[worker.name] ?? {}) as Record<string, unknown>;
    const input = 'credit' in worker.defaultPolicy && own.credit === undefined && settings.credit !== undefined
      ? { ...own, credit: settings.credit }
      : own;
    const parsed = worker.policySchema.safeParse(input);
    if (!parsed.success) throw new PolicyError(`policy "${worker.name}": ${describeIssues(parsed.error.issues)}`);
    resolved[worker.name] = parsed.data;
  }
  return resolved;
}
