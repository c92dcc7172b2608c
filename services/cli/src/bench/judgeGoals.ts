import { targetOf, type PhaseName, type PhaseResult } from './phases';

/** A goal of issue 7 (or 8, for the notify phases) next to what a phase measured; `met` undefined when it cannot be judged. */
export interface GoalVerdict {
  goal: string;
  met: boolean | undefined;
}

/** The RSS goals are for its big size (1 000 dealers × 2 000 SKUs × a year), so `--big` only. */
const RSS_GOAL_MIB: Partial<Record<PhaseName, number>> = { replay: 1536, pglite: 512, postgres: 512 };

/**
 * Issue 19: the persistent runtime as a share of the replay's rate in the same run. The runtime does
 * what the replay does plus ingest, the logs and its state in the same process (and on PGlite the
 * database too), so the replay is its natural yardstick. Judged in CPU time where both CPU figures are
 * known (on a shared machine wall time measures the other work as much as the phase): events per CPU
 * second of the phase's process — on PostgreSQL plus the server's backends, which do the database's
 * part that PGlite does in the process — over the replay's. Else in wall time.
 */
const REPLAY_SHARE_GOAL: Partial<Record<PhaseName, number>> = { pglite: 0.35, postgres: 0.5 };

/** The phase's events per CPU second over the replay's (`replayCpuRate`), or undefined where a CPU figure is missing. */
export function cpuShareOfReplay(result: PhaseResult, replayCpuRate: number | undefined): number | undefined {
  if (REPLAY_SHARE_GOAL[result.phase] === undefined || replayCpuRate === undefined || result.cpuSeconds === undefined || result.cpuSeconds <= 0) return undefined;
  if (targetOf(result.phase) === 'postgres' && result.databaseCpuSeconds === undefined) return undefined;
  return result.events / (result.cpuSeconds + (result.databaseCpuSeconds ?? 0)) / replayCpuRate;
}

/**
 * Issue 19: state bytes written per event at most 10 % of what the runtime wrote before snapshots
 * (every batch rewrote every dealer state it touched). Measured on the default stream (the goal is
 * judged there only) at commit e56c784, the lowest of several runs each (docs/performance.md, "Fifth round").
 */
export const STATE_BYTES_PER_EVENT_BEFORE: Partial<Record<PhaseName, number>> = {
  pglite: 776,
  postgres: 458,
  'pglite-latency': 3759,
  'postgres-latency': 4193,
};
const STATE_BYTES_SHARE_GOAL = 0.1;

/** Issue 18: events accepted per second over HTTP under concurrent clients, for 60 s. */
const LOAD_RATE_GOAL: Partial<Record<PhaseName, number>> = { 'pglite-load': 2_000, 'postgres-load': 5_000 };
/**
 * Issue 18: /healthz answers from memory "in milliseconds whatever the load". Judged on the slowest answer under load,
 * against a liveness probe's default timeout (Kubernetes: 1 s): below it, no probe fails on a busy server. The median
 * and the p99 are printed beside it.
 */
export const HEALTH_UNDER_LOAD_GOAL_MS = 1_000;

/** Issue 19: two processes of each worker service on Kafka at least this many times as fast as one (where the machine has the cores). */
export const KAFKA_TWO_PROCESS_GOAL = 1.6;

/** Issue 8: webhooks delivered per second, and p99 output → delivered at half that rate. */
const NOTIFY_RATE_GOAL = 5_000;
const NOTIFY_P99_GOAL_MS = 1_000;

/** The goals of issue 7 that apply to a phase, judged against its figures. */
export function judgeGoals(result: PhaseResult, rates: { ceiling?: number; replay?: number; replayCpu?: number }, big: boolean, defaultStream = false): GoalVerdict[] {
  const ceilingRate = rates.ceiling;
  const verdicts: GoalVerdict[] = [];
  switch (result.phase) {
    case 'ceiling':
    case 'pglite-ingest':
    case 'postgres-ingest':
      break;
    case 'replay':
      verdicts.push({
        goal: '≥ 0.5 × ceiling',
        met: ceilingRate === undefined ? undefined : result.eventsPerSecond >= 0.5 * ceilingRate,
      });
      break;
    case 'pglite':
      verdicts.push({ goal: '≥ 10000/s', met: result.eventsPerSecond >= 10_000 });
      break;
    case 'postgres':
      verdicts.push({ goal: '≥ 25000/s', met: result.eventsPerSecond >= 25_000 });
      break;
    case 'pglite-latency':
    case 'postgres-latency':
      verdicts.push({ goal: 'p99 ≤ 250 ms', met: result.latency === undefined ? undefined : result.latency.p99Ms <= 250 });
      break;
    case 'notify-bullmq':
    case 'notify-inprocess':
      verdicts.push({ goal: `≥ ${NOTIFY_RATE_GOAL}/s`, met: result.eventsPerSecond >= NOTIFY_RATE_GOAL });
      verdicts.push({
        goal: `p99 ≤ ${NOTIFY_P99_GOAL_MS} ms at half rate`,
        met: result.latency === undefined ? undefined : result.latency.p99Ms <= NOTIFY_P99_GOAL_MS,
      });
      break;
    case 'pglite-load':
    case 'postgres-load': {
      const rateGoal = LOAD_RATE_GOAL[result.phase]!;
      verdicts.push({ goal: `≥ ${rateGoal}/s`, met: result.eventsPerSecond >= rateGoal });
      verdicts.push({
        goal: `slowest /healthz < ${HEALTH_UNDER_LOAD_GOAL_MS} ms`,
        met: result.load === undefined ? undefined : result.load.healthMaxMs < HEALTH_UNDER_LOAD_GOAL_MS,
      });
      break;
    }
    case 'kafka':
      verdicts.push({
        goal: `2 processes ≥ ${KAFKA_TWO_PROCESS_GOAL} × 1`,
        met: result.kafka === undefined ? undefined : result.kafka.workers.every(({ one, two }) => two.eventsPerSecond >= KAFKA_TWO_PROCESS_GOAL * one.eventsPerSecond),
      });
      break;
    default: {
      const unreachable: never = result.phase;
      throw new Error(`no goals for phase ${String(unreachable)}`);
    }
  }
  const share = REPLAY_SHARE_GOAL[result.phase];
  if (share !== undefined) {
    const cpuShare = cpuShareOfReplay(result, rates.replayCpu);
    verdicts.push(
      cpuShare === undefined
        ? { goal: `≥ ${share} × replay`, met: rates.replay === undefined ? undefined : result.eventsPerSecond >= share * rates.replay }
        : { goal: `≥ ${share} × replay in CPU time`, met: cpuShare >= share },
    );
  }
  const before = STATE_BYTES_PER_EVENT_BEFORE[result.phase];
  if (before !== undefined && result.state && defaultStream) {
    const limit = Math.round(before * STATE_BYTES_SHARE_GOAL);
    verdicts.push({ goal: `state ≤ ${limit} B/event`, met: result.state.bytesPerEvent <= limit });
  }
  const rssGoal = RSS_GOAL_MIB[result.phase];
  if (big && rssGoal !== undefined) verdicts.push({ goal: `RSS ≤ ${rssGoal} MiB`, met: result.peakRssMiB <= rssGoal });
  return verdicts;
}
