import type { LoadFigures } from './loadFigures';
import type { KafkaFigures } from './measureKafkaWorkers';

/**
 * The phases of a bench run, in the order they run. An ingest phase times the sustained phase's
 * appends alone (no runner): the floor under the persistent rate, which cannot beat it. A latency
 * phase feeds at half the rate the sustained phase before it measured, so it needs that phase in
 * the same run. The notify phases
 * (issue 8) time the notifier's delivery path and measure their own latency at half their rate. A load
 * phase (issue 18) drives the real HTTP server with concurrent clients and probes /healthz meanwhile.
 * The kafka phase (issue 19) times each worker service on Kafka with one process and with two.
 */
export const PHASES = [
  'ceiling',
  'replay',
  'pglite-ingest',
  'postgres-ingest',
  'pglite',
  'pglite-latency',
  'postgres',
  'postgres-latency',
  'notify-bullmq',
  'notify-inprocess',
  'pglite-load',
  'postgres-load',
  'kafka',
] as const;

export type PhaseName = (typeof PHASES)[number];

/** The persistent runtime a runtime phase runs on. */
export type RuntimeTarget = 'pglite' | 'postgres';

export function targetOf(phase: PhaseName): RuntimeTarget | undefined {
  if (phase.startsWith('pglite')) return 'pglite';
  if (phase.startsWith('postgres')) return 'postgres';
  return undefined;
}

/** The delivery queue a notify phase runs on. */
export type NotifyBackend = 'bullmq' | 'inprocess';

export function notifyBackendOf(phase: PhaseName): NotifyBackend | undefined {
  if (phase === 'notify-bullmq') return 'bullmq';
  if (phase === 'notify-inprocess') return 'inprocess';
  return undefined;
}

/** The sustained phase an ingest phase is the floor of. */
export function boundedPhaseOf(phase: PhaseName): PhaseName | undefined {
  if (phase === 'pglite-ingest') return 'pglite';
  if (phase === 'postgres-ingest') return 'postgres';
  return undefined;
}

/** The sustained phase whose rate a latency phase halves. */
export function sustainedPhaseOf(phase: PhaseName): PhaseName | undefined {
  if (phase === 'pglite-latency') return 'pglite';
  if (phase === 'postgres-latency') return 'postgres';
  return undefined;
}

export interface LatencyFigures {
  /** Rate the feeder aimed at (half the sustained rate), events/s. */
  targetRate: number;
  appends: number;
  /** From an append resolving (durable) to the commit of the batch that applied its last event. */
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** How long the append itself took to resolve (it waits for the log's write lock), p99. */
  ackP99Ms: number;
  /** How long the untimed warm-up before the run took, s (warmUpRuntime.ts); absent where a phase has none. */
  warmUpSeconds?: number;
}

/**
 * What a notify phase adds. Its `latency` is the paced output → delivered run: `appends` =
 * notifications delivered, `ackP99Ms` = committing the outputs.
 */
export interface NotifyFigures {
  /** Jobs run at once per channel. */
  concurrency: number;
  /** How long enqueueing the throughput run's jobs took (delivery ran meanwhile). */
  enqueueSeconds: number;
  /** CPU per webhook in the throughput run, µs (user + system): the notifier's process, and the receiver's. */
  senderCpuMicros: number;
  receiverCpuMicros: number;
  /** How long the latency run fed jobs. */
  latencySeconds: number;
  /** Requests the loopback receiver answered, every one signature-checked (both runs). */
  received: number;
  /** The database the output → delivered run's notifier recorded in. */
  latencyDatabase: RuntimeTarget;
  /** Outputs that run committed (each planned three notifications). */
  latencyOutputs: number;
}

/** What the persistent runtime wrote of state during a phase (the runner's `writes()`). */
export interface StateWrites {
  /** Bytes of state written from the first append to the commit of the last event (dealer states, snapshots). */
  bytes: number;
  /** `bytes` per event applied in that time. */
  bytesPerEvent: number;
  /** Snapshots taken in that time. */
  snapshots: number;
  /** Bytes the snapshot at the runtime's stop wrote (after the timed part). */
  bytesAtStop: number;
}

/** The one JSON line a phase's child process prints. */
export interface PhaseResult {
  phase: PhaseName;
  events: number;
  /** What the rate is measured over: wall time, but CPU time (user + system) for the ceiling. */
  seconds: number;
  eventsPerSecond: number;
  /** Wall time of the timed part, when `seconds` is CPU time. */
  wallSeconds?: number;
  /** CPU time (user + system) of the phase's process over the timed part, when `seconds` is wall time. */
  cpuSeconds?: number;
  /** CPU time of the PostgreSQL backends serving the phase's database over the timed part (a server on this machine). */
  databaseCpuSeconds?: number;
  state?: StateWrites;
  /** `process.resourceUsage().maxRSS` of the phase's own process, MiB. */
  peakRssMiB: number;
  outputs?: number;
  latency?: LatencyFigures;
  notify?: NotifyFigures;
  load?: LoadFigures;
  kafka?: KafkaFigures;
}

export function isPhaseName(name: string): name is PhaseName {
  return (PHASES as readonly string[]).includes(name);
}

/**
 * `--phases a,b` → phase names in run order; `ingest` stands for both ingest phases, `latency` for
 * both latency phases, `notify` for both notify phases, `load` for both load phases.
 */
export function parsePhaseList(list: string): PhaseName[] | { unknown: string[] } {
  const asked = new Set<string>();
  for (const name of list.split(',').map((part) => part.trim()).filter((part) => part.length > 0)) {
    if (name === 'ingest') {
      asked.add('pglite-ingest');
      asked.add('postgres-ingest');
    } else if (name === 'latency') {
      asked.add('pglite-latency');
      asked.add('postgres-latency');
    } else if (name === 'notify') {
      asked.add('notify-bullmq');
      asked.add('notify-inprocess');
    } else if (name === 'load') {
      asked.add('pglite-load');
      asked.add('postgres-load');
    } else asked.add(name);
  }
  const unknown = [...asked].filter((name) => !isPhaseName(name));
  if (unknown.length > 0) return { unknown };
  return PHASES.filter((phase) => asked.has(phase));
}
