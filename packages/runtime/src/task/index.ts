export * from './eventTimeMerge';
export * from './partitionOf';
export * from './topicRank';
