export { notifyPolicySchema, defaultNotifyPolicy, notifiableType, type NotifyPolicy, type NotifiableType } from './policy';
export {
  notificationPreferencesSchema,
  preferenceKindsFor,
  completePreferences,
  validatePreferences,
  preferenceAllows,
  type NotificationPreferences,
  type NotificationChannel,
  type PreferenceError,
  type PreferencesValidation,
} from './preferences';
export { initialNotifyState, type NotifyState } from './state';
export { planNotifications, type NotificationPlan, type PlanContext } from './planNotifications';
export { notificationIdOf, type NotificationAudience } from './notificationId';
export { quietUntil, type QuietHours } from './quietHours';
export { renderMessage, messageText, messageHtml, type Message, type MessageBlock, type ProgramInfo, type RenderContext } from './renderMessage';
export { notifyTemplates, type NotifyTemplates } from './templates';
