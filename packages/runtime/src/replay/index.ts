export * from './replay';
export * from './replayFile';
