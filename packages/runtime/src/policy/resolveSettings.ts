import { describeIssues } from '@dealerflow/contracts';
import { notifyPolicySchema, type AnyWorker, type NotifyPolicy, type WorkerName } from '@dealerflow/domain';
import { describeUnknownSetting, findUnknownSetting } from './findUnknownSetting';
import { PolicyError, resolvePolicies } from './resolvePolicies';

/** The notifier's section of a settings file. */
export const NOTIFY_SECTION = 'notify';

export interface ResolvedSettings {
  policies: Record<WorkerName, unknown>;
  notify: NotifyPolicy;
}

/** The `notify` section, validated like a worker's (unknown keys refused with their path), defaults filled in. */
export function resolveNotifyPolicy(settings: unknown = {}): NotifyPolicy {
  const unknown = findUnknownSetting(notifyPolicySchema, settings, [NOTIFY_SECTION]);
  if (unknown) throw new PolicyError(describeUnknownSetting(unknown));
  const parsed = notifyPolicySchema.safeParse(settings);
  if (!parsed.success) throw new PolicyError(`policy "${NOTIFY_SECTION}": ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

/**
 * A whole settings object as operators write it (docs/policy.md): one section per worker and
 * `notify` for the notifier. Throws PolicyError naming the section, and the key path when a key
 * is unknown.
 */
export function resolveSettings(workers: readonly AnyWorker[], settings: unknown = {}): ResolvedSettings {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) throw new PolicyError('the settings must be a JSON object');
  const sections = [...workers.map((worker) => worker.name), NOTIFY_SECTION];
  for (const key of Object.keys(settings)) {
    if (!sections.includes(key)) throw new PolicyError(`unknown policy section "${key}" (expected one of: ${sections.join(', ')})`);
  }
  const { [NOTIFY_SECTION]: notify, ...workerSettings } = settings as Record<string, unknown>;
  return { policies: resolvePolicies(workers, workerSettings), notify: resolveNotifyPolicy(notify ?? {}) };
}
