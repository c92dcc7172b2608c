import { describeIssues, ingestPolicySchema, type IngestPolicy } from '@dealerflow/contracts';
import { calendarPolicySchema, notifyPolicySchema, type AnyWorker, type CalendarPolicy, type NotifyPolicy, type WorkerName } from '@dealerflow/domain';
import { describeUnknownSetting, findUnknownSetting } from './findUnknownSetting';
import { PolicyError, resolvePolicies } from './resolvePolicies';

/** The notifier's section of a settings file. */
export const NOTIFY_SECTION = 'notify';
/** The section of what the door refuses beyond the schemas (the input log and the replay). */
export const INGEST_SECTION = 'ingest';
/** The company's calendar (the time zone of dealers whose master data names none); it rides in `policies.calendar`. */
export const CALENDAR_SECTION = 'calendar';

export interface ResolvedSettings {
  /** Each worker's policy, and the company's calendar under `calendar` (createPipeline reads it there). */
  policies: Record<WorkerName, unknown> & { calendar: CalendarPolicy };
  notify: NotifyPolicy;
  ingest: IngestPolicy;
}

/** The `notify` section, validated like a worker's (unknown keys refused with their path), defaults filled in. */
export function resolveNotifyPolicy(settings: unknown = {}): NotifyPolicy {
  const unknown = findUnknownSetting(notifyPolicySchema, settings, [NOTIFY_SECTION]);
  if (unknown) throw new PolicyError(describeUnknownSetting(unknown));
  const parsed = notifyPolicySchema.safeParse(settings);
  if (!parsed.success) throw new PolicyError(`policy "${NOTIFY_SECTION}": ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** The `calendar` section, validated the same way. */
export function resolveCalendarPolicy(settings: unknown = {}): CalendarPolicy {
  const unknown = findUnknownSetting(calendarPolicySchema, settings, [CALENDAR_SECTION]);
  if (unknown) throw new PolicyError(describeUnknownSetting(unknown));
  const parsed = calendarPolicySchema.safeParse(settings);
  if (!parsed.success) throw new PolicyError(`policy "${CALENDAR_SECTION}": ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

/** The `ingest` section, validated the same way. */
export function resolveIngestPolicy(settings: unknown = {}): IngestPolicy {
  const unknown = findUnknownSetting(ingestPolicySchema, settings, [INGEST_SECTION]);
  if (unknown) throw new PolicyError(describeUnknownSetting(unknown));
  const parsed = ingestPolicySchema.safeParse(settings);
  if (!parsed.success) throw new PolicyError(`policy "${INGEST_SECTION}": ${describeIssues(parsed.error.issues)}`);
  return parsed.data;
}

/**
 * A whole settings object as operators write it (docs/policy.md): one section per worker,
 * `notify` for the notifier and `ingest` for what the door refuses. Throws PolicyError naming the
 * section, and the key path when a key is unknown.
 */
export function resolveSettings(workers: readonly AnyWorker[], settings: unknown = {}): ResolvedSettings {
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) throw new PolicyError('the settings must be a JSON object');
  const sections = [...workers.map((worker) => worker.name), NOTIFY_SECTION, INGEST_SECTION, CALENDAR_SECTION];
  for (const key of Object.keys(settings)) {
    if (!sections.includes(key)) throw new PolicyError(`unknown policy section "${key}" (expected one of: ${sections.join(', ')})`);
  }
  const { [NOTIFY_SECTION]: notify, [INGEST_SECTION]: ingest, [CALENDAR_SECTION]: calendar, ...workerSettings } = settings as Record<string, unknown>;
  return {
    policies: { ...resolvePolicies(workers, workerSettings), calendar: resolveCalendarPolicy(calendar ?? {}) },
    notify: resolveNotifyPolicy(notify ?? {}),
    ingest: resolveIngestPolicy(ingest ?? {}),
  };
}
