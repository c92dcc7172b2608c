import { describeIssues } from '@dealerflow/contracts';
import type { AnyWorker, WorkerName } from '@dealerflow/domain';
import { describeUnknownSetting, findUnknownSetting } from './findUnknownSetting';

export class PolicyError extends Error {
  override readonly name = 'PolicyError';
}

/**
 * Validates operator settings (`{ credit?: {...}, stock?: {...}, ... }`) against each worker's policy
 * schema and fills in the defaults. A key no schema knows, at any depth, is refused with its path
 * (a misspelt setting would otherwise keep its default silently). A worker that recomputes credit
 * holds (delivery, whose policy has a `credit` part) always takes the credit section: a hold blamed
 * for lateness must be the hold the dealer and finance were told about, so a separate copy of those
 * settings is refused.
 */
export function resolvePolicies(workers: readonly AnyWorker[], settings: Record<string, unknown> = {}): Record<WorkerName, unknown> {
  const known = new Set<string>(workers.map((worker) => worker.name));
  for (const key of Object.keys(settings)) {
    if (!known.has(key)) throw new PolicyError(`unknown policy section "${key}" (expected one of: ${[...known].join(', ')})`);
  }
  const resolved = {} as Record<WorkerName, unknown>;
  for (const worker of workers) {
    const own = (settings[worker.name] ?? {}) as Record<string, unknown>;
    const sharesCredit = worker.name !== 'credit' && 'credit' in worker.defaultPolicy;
    if (sharesCredit && own.credit !== undefined) {
      throw new PolicyError(`policy "${worker.name}": credit settings belong in the "credit" section, which ${worker.name} shares`);
    }
    const unknown = findUnknownSetting(worker.policySchema, own, [worker.name]);
    if (unknown) throw new PolicyError(describeUnknownSetting(unknown));
    const input = sharesCredit ? { ...own, credit: settings.credit ?? {} } : own;
    const parsed = worker.policySchema.safeParse(input);
    if (!parsed.success) throw new PolicyError(`policy "${worker.name}": ${describeIssues(parsed.error.issues)}`);
    resolved[worker.name] = parsed.data;
  }
  return resolved;
}
