import type { DealerProfile, OutputEvent } from '@dealerflow/contracts';
import type { NotificationAudience } from './notificationId';
import { notifiableType, type NotifiableType, type NotifyPolicy } from './policy';
import type { NotificationChannel } from './preferences';

export const AUDIENCES: readonly NotificationAudience[] = ['dealer', 'ops', 'finance'];

export type NotifiableOutput = Extract<OutputEvent, { type: NotifiableType }>;

const NOTIFIABLE = new Set<string>(notifiableType.options);

export function isNotifiable(output: OutputEvent): output is NotifiableOutput {
  return NOTIFIABLE.has(output.type);
}

/**
 * Whether an audience hears an output under the §5 table of `policy`. A `rebate.accrued` is heard
 * only when the plan found its next tier near and not yet told (`nearTier`).
 */
export function hears(audience: NotificationAudience, output: NotifiableOutput, policy: NotifyPolicy, nearTier: boolean): boolean {
  const route = policy.audiences[audience];
  if (!route.types.includes(output.type)) return false;
  if (output.type === 'stock.alert.raised') return route.stockSeverities.includes(output.data.severity);
  if (output.type === 'rebate.accrued') return nearTier;
  return true;
}

/**
 * Critical outputs are sent at once, quiet hours or not. An opening summary that opens a critical
 * alert is (it stands for the alert's own message); a daily digest never is (its critical alerts
 * were sent when raised).
 */
export function isCritical(output: NotifiableOutput, policy: NotifyPolicy): boolean {
  if (output.type === 'stock.alert.raised') return policy.critical.stockSeverities.includes(output.data.severity);
  if (output.type === 'stock.alerts.summarised') {
    return output.data.reason === 'opening' && output.data.alerts.some((alert) => policy.critical.stockSeverities.includes(alert.severity));
  }
  return policy.critical.types.includes(output.type);
}

export interface ChannelAddress {
  channel: NotificationChannel;
  /** Webhook URL or email address; null for the in-app inbox. */
  address: string | null;
}

/**
 * The channels an audience is reached on. A channel without an address is not one the audience
 * has (the dealer gave no webhook URL), so it is left out rather than planned to fail.
 */
export function channelsFor(audience: NotificationAudience, dealer: DealerProfile | undefined, policy: NotifyPolicy): ChannelAddress[] {
  const email = audience === 'dealer' ? dealer?.contacts?.email : audience === 'ops' ? policy.opsEmail : policy.financeEmail;
  const webhook = audience === 'dealer' ? dealer?.contacts?.webhookUrl : undefined;
  const channels: ChannelAddress[] = [];
  if (webhook) channels.push({ channel: 'webhook', address: webhook });
  if (email) channels.push({ channel: 'email', address: email });
  channels.push({ channel: 'inApp', address: null });
  return channels;
}
