export * from './resolvePolicies';
export * from './resolveSettings';
export { findUnknownSetting, describeUnknownSetting, type UnknownSetting } from './findUnknownSetting';
export { loadSettingsFile } from './loadSettingsFile';
