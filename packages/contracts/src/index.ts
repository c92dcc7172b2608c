export * from './primitives';
export * from './inputs';
export * from './outputs';
export * from './topics';
export * from './parse';
export * from './ingestPolicy';
export * from './storableValue';
