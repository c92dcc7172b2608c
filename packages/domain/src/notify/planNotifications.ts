import type { DealerProfile, OutputDataOf, OutputEvent } from '@dealerflow/contracts';
import { defaultCalendarPolicy, instantOf, type CalendarPolicy } from '../calendar';
import type { Locale } from '../texts';
import { notificationIdOf, type NotificationAudience } from './notificationId';
import type { NotifyPolicy } from './policy';
import { preferenceAllows, type NotificationChannel, type NotificationPreferences } from './preferences';
import { quietUntil } from './quietHours';
import { messageHtml, messageText, renderMessage, type ProgramInfo } from './renderMessage';
import { AUDIENCES, channelsFor, hears, isCritical, isNotifiable, type NotifiableOutput } from './routing';
import type { NotifyState } from './state';

/** One message to send. */
export interface NotificationPlan {
  /** From the output's `eventId` (a digest's first), audience and channel: the same on every replay. */
  notificationId: string;
  /** Same as `notificationId`: one send per fact, audience and channel. */
  idempotencyKey: string;
  /** The outputs it covers, in publish order (several for a digest). */
  outputEventIds: string[];
  /** The (first) output's type. */
  outputType: string;
  dealerId: string;
  audience: NotificationAudience;
  channel: NotificationChannel;
  /** The dealer's locale for the dealer; the `opsLocale` / `financeLocale` setting for staff. */
  locale: Locale;
  title: string;
  /** Plain text. */
  body: string;
  /** The same text, escaped, in simple markup (the email's HTML part). */
  html: string;
  /** RFC 3339: held for the dealer's quiet hours until then; null = send now. */
  notBefore: string | null;
  /** Webhook URL or email address; null for the in-app inbox. */
  address: string | null;
}

export interface PlanContext {
  /** The dealer's master data; without it the dealer hears in-app only, in English, on the company's time zone. */
  dealer: DealerProfile | undefined;
  /**
   * The company's calendar (the settings file's `calendar`): its time zone is the quiet hours' zone for a dealer
   * whose master data names none, as it is the zone of that dealer's days in the workers. Default: UTC.
   */
  calendar?: CalendarPolicy;
  preferences: NotificationPreferences | undefined;
  policy: NotifyPolicy;
  /** Names and units of rebate programs, for the rebate texts; without it the program id and bare figures. */
  programs?: Readonly<Record<string, ProgramInfo>>;
  /**
   * The channels the notifier can send on (the shell knows: email needs an SMTP relay). A channel
   * that is off is not planned, as one without an address is not: a message nobody can send is not
   * a failure to show operators. Default: every channel.
   */
  channels?: readonly NotificationChannel[];
}

interface Slot {
  audience: NotificationAudience;
  channel: NotificationChannel;
  address: string | null;
  outputs: NotifiableOutput[];
}

/**
 * Who hears what, in which words, when (RULES.md §5), for a batch of one dealer's outputs in
 * publish order. Pure: `state` is not changed; the state to keep for the next batch is returned.
 * Stock alerts that share a digest group (by default: raised by the same input event) for one
 * audience and channel become one message listing them. A repeated output (same `eventId`) in the
 * batch is planned once.
 */
export function planNotifications(
  state: NotifyState,
  outputs: readonly OutputEvent[],
  ctx: PlanContext,
): { state: NotifyState; plans: NotificationPlan[] } {
  const next = copyState(state);
  const slots: Slot[] = [];
  const digestSlots = new Map<string, Slot>();
  const seen = new Set<string>();
  for (const output of outputs) {
    if (!isNotifiable(output) || output.dealerId === undefined || seen.has(output.eventId)) continue;
    seen.add(output.eventId);
    const nearTier = output.type === 'rebate.accrued' && tellNearTier(next, output.data, ctx.policy);
    for (const audience of AUDIENCES) {
      if (!hears(audience, output, ctx.policy, nearTier)) continue;
      for (const { channel, address } of channelsFor(audience, ctx.dealer, ctx.policy)) {
        if (ctx.channels !== undefined && !ctx.channels.includes(channel)) continue;
        if (audience === 'dealer' && !preferenceAllows(ctx.preferences, channel, output.type)) continue;
        if (output.type !== 'stock.alert.raised') {
          slots.push({ audience, channel, address, outputs: [output] });
          continue;
        }
        const key = `${audience}\u0000${channel}\u0000${digestGroup(output, ctx.policy)}`;
        const slot = digestSlots.get(key);
        if (slot) slot.outputs.push(output);
        else {
          const created: Slot = { audience, channel, address, outputs: [output] };
          digestSlots.set(key, created);
          slots.push(created);
        }
      }
    }
  }
  return { state: next, plans: slots.map((slot) => planOf(slot, ctx)) };
}

function planOf(slot: Slot, ctx: PlanContext): NotificationPlan {
  const first = slot.outputs[0]!;
  const dealerId = first.dealerId!;
  const locale = localeOf(slot.audience, ctx);
  const message = renderMessage(slot.outputs, {
    audience: slot.audience,
    locale,
    dealerId,
    dealer: ctx.dealer,
    maxListed: ctx.policy.digest.maxListed,
    ...(ctx.programs ? { programs: ctx.programs } : {}),
  });
  const notificationId = notificationIdOf(first.eventId, slot.audience, slot.channel);
  // Staff are not held: operations and finance act on the figures whenever they read them.
  const holdable = slot.audience === 'dealer' && !slot.outputs.some((output) => isCritical(output, ctx.policy));
  return {
    notificationId,
    idempotencyKey: notificationId,
    outputEventIds: slot.outputs.map((output) => output.eventId),
    outputType: first.type,
    dealerId,
    audience: slot.audience,
    channel: slot.channel,
    locale,
    title: message.title,
    body: messageText(message),
    html: messageHtml(message, locale),
    notBefore: holdable ? quietUntil(first.occurredAt, dealerTimeZone(ctx), ctx.policy.quietHours) : null,
    address: slot.address,
  };
}

/** The zone of the dealer's quiet hours: its own, else the company's — the zone the workers count its days in. */
function dealerTimeZone(ctx: PlanContext): string {
  return ctx.dealer?.timezone ?? (ctx.calendar ?? defaultCalendarPolicy).timeZone;
}

function localeOf(audience: NotificationAudience, ctx: PlanContext): Locale {
  if (audience === 'ops') return ctx.policy.opsLocale;
  if (audience === 'finance') return ctx.policy.financeLocale;
  return ctx.dealer?.locale ?? 'en';
}

function digestGroup(output: Extract<NotifiableOutput, { type: 'stock.alert.raised' }>, policy: NotifyPolicy): string {
  const windowMs = policy.digest.windowMinutes * 60_000;
  if (windowMs > 0) return `window:${Math.floor(instantOf(output.occurredAt) / windowMs)}`;
  return `cause:${output.data.causedBy}`;
}

/**
 * Whether this accrual is the dealer's first news that the next tier is near: the gap is at most
 * `nearTierGapShare` of the next threshold and that tier was not told before (recorded in `state`).
 * Recorded whether or not a channel carries it, so an opt-out is not followed by a late notice.
 */
function tellNearTier(state: NotifyState, data: OutputDataOf<'rebate.accrued'>, policy: NotifyPolicy): boolean {
  const next = data.nextTier;
  if (!next || next.gap <= 0 || next.gap > policy.nearTierGapShare * next.threshold + 1e-9) return false;
  const key = `${data.programId}|${data.periodStart}|${data.orderId ?? ''}`;
  const told = (state.nearTiersTold[key] ??= []);
  if (told.includes(next.threshold)) return false;
  told.push(next.threshold);
  return true;
}

function copyState(state: NotifyState): NotifyState {
  const nearTiersTold: Record<string, number[]> = {};
  for (const [key, thresholds] of Object.entries(state.nearTiersTold)) nearTiersTold[key] = [...thresholds];
  return { nearTiersTold };
}
