export * from './sourceConsumer';
export type { OutputSource } from './outputSource';
export type { InputFeed } from './inputFeed';
export type { Directory, DirectoryProgram } from './directory';
export type { DealerHistory, TimelineQuery } from './dealerHistory';
export type { StateSelect, WorkerStateRead, WorkerStateView } from './workerStateView';
export { catchUpConsumer } from './catchUpConsumer';
export { createMemoryInputFeed, createMemoryLog, createMemoryOutputSource, type MemoryLogOptions } from './memoryLog';
