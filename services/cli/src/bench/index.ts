export { PHASES, isPhaseName, parsePhaseList, sustainedPhaseOf, targetOf, type PhaseName, type PhaseResult, type LatencyFigures } from './phases';
export { readInputLines } from './readInputLines';
export { measurePhase, type PhaseOptions } from './measurePhase';
export { runPhaseInChild, PhaseFailedError } from './runPhaseInChild';
export { writeStreamFile, type StreamFile } from './writeStreamFile';
export { formatReport, type PhaseOutcome } from './formatReport';
export { judgeGoals, type GoalVerdict } from './judgeGoals';
export { describeMachine } from './describeMachine';
export { summarizeCpuProfile, type HotSpot, type ProfileSummary } from './summarizeCpuProfile';
