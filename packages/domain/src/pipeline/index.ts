export * from './worker';
export * from './pipeline';
