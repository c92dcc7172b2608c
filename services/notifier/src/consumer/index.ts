export { createNotifierConsumer, NOTIFIED_TOPICS, NOTIFIER_CONSUMER, type NotifierConsumer, type NotifierConsumerOptions } from './notifierConsumer';
export { createInboxReader, createNotificationAdmin, createPreferencesStore } from './notificationStores';
export { deliveryJobOf } from './deliveryJobOf';
