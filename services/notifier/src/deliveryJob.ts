import { z } from 'zod';

export const deliveryChannelSchema = z.enum(['webhook', 'email', 'inApp']);
export type DeliveryChannel = z.infer<typeof deliveryChannelSchema>;

/** Who the notification is for: the dealer itself, or the manufacturer's operations or finance desk. */
export const deliveryAudienceSchema = z.enum(['dealer', 'ops', 'finance']);
export type DeliveryAudience = z.infer<typeof deliveryAudienceSchema>;

const text = z.string().min(1);

/** The webhook body of API.md, sent as the exact JSON bytes that are signed. */
export const webhookPayloadSchema = z.object({
  type: text,
  /** RFC 3339: when the fact happened (the output's occurredAt), not when this attempt runs. */
  timestamp: text,
  data: z.object({
    dealerId: text,
    eventId: text,
    title: text,
    body: text,
    output: z.record(z.string(), z.unknown()),
  }),
});

export const emailPayloadSchema = z.object({
  /** The recipient's display name in the To header; the mailbox itself is the job's `address`. */
  to: z.string(),
  subject: text,
  text: text,
  html: text,
  /** BCP 47 tag (`en`, `zh-CN`), sent as Content-Language. */
  locale: text,
});

export const inAppPayloadSchema = z.object({
  title: text,
  body: text,
  outputType: text,
  locale: text,
});

const jobFields = {
  notificationId: text,
  /** Stable across retries and restarts: the webhook-id and the email Message-ID, for receivers to de-duplicate. */
  idempotencyKey: text,
  audience: deliveryAudienceSchema,
  dealerId: text,
  /** Webhook URL or mailbox; null when master data has none (a permanent failure) and always for in-app. */
  address: z.string().min(1).nullable(),
};

/** One message to one audience on one channel. Validated when read back from a queue backend. */
export const deliveryJobSchema = z.discriminatedUnion('channel', [
  z.object({ ...jobFields, channel: z.literal('webhook'), payload: webhookPayloadSchema }),
  z.object({ ...jobFields, channel: z.literal('email'), payload: emailPayloadSchema }),
  z.object({ ...jobFields, channel: z.literal('inApp'), payload: inAppPayloadSchema }),
]);

export type DeliveryJob = z.infer<typeof deliveryJobSchema>;
export type DeliveryJobOf<C extends DeliveryChannel> = Extract<DeliveryJob, { channel: C }>;
export type WebhookPayload = z.infer<typeof webhookPayloadSchema>;
export type EmailPayload = z.infer<typeof emailPayloadSchema>;
export type InAppPayload = z.infer<typeof inAppPayloadSchema>;
