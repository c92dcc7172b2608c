import { z } from 'zod';
import { notificationChannel } from '@dealerflow/contracts';
import { defaultNotifyPolicy, notifiableType, type NotifiableType, type NotifyPolicy } from './policy';

export type NotificationChannel = z.infer<typeof notificationChannel>;

const channelKinds = z.partialRecord(notifiableType, z.boolean());

/**
 * A dealer's notification preferences (API.md): per channel, which kinds it carries. A kind not
 * named follows the defaults of RULES.md §5, which is "on" for every kind the dealer can receive.
 */
export const notificationPreferencesSchema = z
  .object({
    channels: z
      .object({ webhook: channelKinds.optional(), email: channelKinds.optional(), inApp: channelKinds.optional() })
      .strict(),
  })
  .strict();

export type NotificationPreferences = z.infer<typeof notificationPreferencesSchema>;

export interface PreferenceError {
  /** The offending key's path, e.g. `['channels', 'sms']` or `['channels', 'email', 'stock.alert.lowered']` (kinds contain dots). */
  path: string[];
  message: string;
}

export type PreferencesValidation =
  | { ok: true; value: NotificationPreferences }
  | { ok: false; errors: PreferenceError[] };

/** Every kind a dealer can receive under `policy`, for GET to return the whole document. */
export function preferenceKindsFor(policy: NotifyPolicy = defaultNotifyPolicy): NotifiableType[] {
  return [...policy.audiences.dealer.types];
}

/** The whole preferences document: every channel and every kind the dealer can receive, with its value. */
export function completePreferences(
  preferences: NotificationPreferences | undefined,
  policy: NotifyPolicy = defaultNotifyPolicy,
): NotificationPreferences {
  const channels: Required<NotificationPreferences['channels']> = { webhook: {}, email: {}, inApp: {} };
  for (const channel of notificationChannel.options) {
    for (const kind of preferenceKindsFor(policy)) channels[channel][kind] = preferenceAllows(preferences, channel, kind);
  }
  return { channels };
}

/** Whether a channel carries a kind for this dealer: an explicit `false` opts out, anything else keeps the default. */
export function preferenceAllows(preferences: NotificationPreferences | undefined, channel: NotificationChannel, kind: NotifiableType): boolean {
  return preferences?.channels[channel]?.[kind] !== false;
}

/**
 * Checks a PUT body. Each error names the offending key, so a 400 can say which channel or kind is
 * unknown; a kind the dealer cannot receive under `policy` is refused too (it would be silently ignored).
 */
export function validatePreferences(input: unknown, policy: NotifyPolicy = defaultNotifyPolicy): PreferencesValidation {
  const errors: PreferenceError[] = [];
  if (!isRecord(input)) return { ok: false, errors: [{ path: [], message: 'expected an object { "channels": { … } }' }] };
  for (const key of Object.keys(input)) {
    if (key !== 'channels') errors.push({ path: [key], message: `unknown key "${key}": the document has only "channels"` });
  }
  const channels = input.channels;
  if (!isRecord(channels)) {
    errors.push({ path: ['channels'], message: 'expected "channels" to be an object of channels (webhook, email, inApp)' });
    return { ok: false, errors };
  }
  const receivable = new Set<string>(preferenceKindsFor(policy));
  const known = new Set<string>(notificationChannel.options);
  for (const [channel, kinds] of Object.entries(channels)) {
    const at = ['channels', channel];
    if (!known.has(channel)) {
      errors.push({ path: at, message: `unknown channel "${channel}": expected one of ${notificationChannel.options.join(', ')}` });
      continue;
    }
    if (!isRecord(kinds)) {
      errors.push({ path: at, message: `expected "${channel}" to be an object of kinds with true or false` });
      continue;
    }
    for (const [kind, value] of Object.entries(kinds)) {
      if (!receivable.has(kind)) {
        errors.push({ path: [...at, kind], message: `unknown kind "${kind}": expected one of ${[...receivable].join(', ')}` });
      } else if (typeof value !== 'boolean') {
        errors.push({ path: [...at, kind], message: `expected true or false for "${kind}"` });
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: notificationPreferencesSchema.parse(input) };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
