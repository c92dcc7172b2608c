export * from './envelope';
export * from './ndjson';
export * from './policy';
export * from './replay';
export * from './embedded';
export * from './board';
export * from './ports';
export * from './task';
