export * from './eventTimeMerge';
export * from './memoryTaskStore';
export * from './partitionOf';
export * from './partitionTask';
export * from './postgresTaskStore';
export * from './taskState';
export * from './taskStore';
export * from './topicRank';
