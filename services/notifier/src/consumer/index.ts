export { createNotifierConsumer, NOTIFIER_CHECKPOINT, type NotifierConsumer, type NotifierConsumerOptions } from './notifierConsumer';
export { createInboxReader, createNotificationAdmin, createPreferencesStore } from './notificationStores';
export { deliveryJobOf } from './deliveryJobOf';
