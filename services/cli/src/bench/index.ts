export {
  PHASES,
  boundedPhaseOf,
  isPhaseName,
  notifyBackendOf,
  parsePhaseList,
  sustainedPhaseOf,
  targetOf,
  type LatencyFigures,
  type NotifyBackend,
  type NotifyFigures,
  type PhaseName,
  type PhaseResult,
} from './phases';
export { type NotifyOptions } from './measureNotify';
export { type LoadOptions } from './measureLoad';
export { type LoadFigures } from './loadFigures';
export { kafkaPhaseSkipReason, type KafkaFigures } from './measureKafkaWorkers';
export { probeRedis } from './redisProbe';
export { readInputLines } from './readInputLines';
export { measurePhase, type PhaseOptions } from './measurePhase';
export { runPhaseInChild, PhaseFailedError } from './runPhaseInChild';
export { writeStreamFile, type StreamFile } from './writeStreamFile';
export { formatReport, type PhaseOutcome } from './formatReport';
export { judgeGoals, type GoalVerdict } from './judgeGoals';
export { describeMachine } from './describeMachine';
export { summarizeCpuProfile, type HotSpot, type ProfileSummary } from './summarizeCpuProfile';
