export * from './ports';
export * from './logger';
export * from './eventLog';
export * from './outputLog';
export * from './healthProbe';
export * from './dealerDirectory';
export * from './pipelineRunner';
export * from './openEmbeddedRuntime';
export { createCreditHoldReader, foldCreditHolds } from './creditHolds';
