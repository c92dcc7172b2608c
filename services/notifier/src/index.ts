export {
  deliveryAudienceSchema,
  deliveryChannelSchema,
  deliveryJobSchema,
  emailPayloadSchema,
  inAppPayloadSchema,
  webhookPayloadSchema,
  type DeliveryAudience,
  type DeliveryChannel,
  type DeliveryJob,
  type DeliveryJobOf,
  type EmailPayload,
  type InAppPayload,
  type WebhookPayload,
} from './deliveryJob';
export {
  PermanentDeliveryError,
  RetriableDeliveryError,
  toDeliveryError,
  type DeliveryError,
} from './deliveryErrors';
export { defaultRetryPolicy, nextStep, retryDelayMs, retryPolicySchema, type NextStep, type RetryPolicy } from './retryPolicy';
export { notifierSettingsSchema, readNotifierSettings, retryPolicyOf, type NotifierSettings } from './notifierSettings';
export type {
  DeliveryHandler,
  DeliveryOutcomes,
  DeliveryQueue,
  DeliveryQueueOptions,
  EnqueueOptions,
} from './queue/deliveryQueue';
export { createInProcessDeliveryQueue } from './queue/inProcessDeliveryQueue';
export {
  createBullmqDeliveryQueue,
  deliveryQueueName,
  type BullmqDeliveryQueueOptions,
} from './queue/bullmqDeliveryQueue';
export { createDeliveryQueue, type DeliveryQueueBinding } from './queue/createDeliveryQueue';
export { deploymentPrefix, readDeploymentId } from './queue/deploymentId';
export { createDeliveryHandler, type Channel, type Channels } from './channels/channel';
export { createWebhookChannel, DEFAULT_WEBHOOK_TIMEOUT_MS, type WebhookChannelOptions } from './channels/webhookChannel';
export { createEmailChannel, type EmailChannel, type EmailChannelOptions } from './channels/emailChannel';
export { emailMessageOf, messageIdFor } from './channels/emailMessage';
export { createEmailOutboxChannel, countOutboxMessages, outboxFileName, type EmailOutboxChannelOptions } from './channels/emailOutboxChannel';
export { channelsOn, emailSetupOf, emailStatusOf, type EmailSetup, type EmailStatus } from './channels/emailSetup';
export { createInAppChannel } from './channels/inAppChannel';
export { createChannels, type ChannelDependencies, type ChannelSet } from './channels/createChannels';
export { createSqlInboxWriter, type InboxWriter, type RawSqlExecutor } from './channels/inboxWriter';
export { parseRetryAfter } from './channels/retryAfter';
export * from './consumer';
export { createSecretSealer, SealedSecretError, type SecretSealer } from './webhookSecrets/secretSealer';
export { createSigningSecrets, type SigningSecrets, type SigningSecretsOptions } from './webhookSecrets/signingSecrets';
export {
  createWebhookSecretStore,
  MAX_PREVIOUS_SECRETS,
  newWebhookSecret,
  type WebhookSecretStoreOptions,
} from './webhookSecrets/webhookSecretStore';
export { startNotifier, type Notifier, type StartNotifierOptions } from './startNotifier';
