import { cpuShareOfReplay, judgeGoals, STATE_BYTES_PER_EVENT_BEFORE } from './judgeGoals';
import type { LoadFigures } from './loadFigures';
import { formatKafkaFigures } from './formatKafkaFigures';
import { boundedPhaseOf, targetOf, type PhaseName, type PhaseResult } from './phases';

export type PhaseOutcome =
  | { phase: PhaseName; result: PhaseResult }
  | { phase: PhaseName; skipped: string }
  | { phase: PhaseName; failed: string };

const HEADER = ['phase', 'events', 'events/s', '× ceiling', '× replay', 'state B/event', 'peak RSS MiB', 'p50 ms', 'p99 ms', 'goal'];
const RIGHT_ALIGNED = new Set([1, 2, 3, 4, 5, 6, 7, 8]);

interface Rates {
  ceiling?: number;
  replay?: number;
  /** The replay's events per CPU second. */
  replayCpu?: number;
}

/** A sustained runtime phase's rate against the replay of the same run (the ratio the goals are in). */
function replayRatio(result: PhaseResult, replayRate: number | undefined): string {
  if (replayRate === undefined || result.latency || result.load || targetOf(result.phase) === undefined || result.phase.endsWith('-ingest')) return '-';
  return (result.eventsPerSecond / replayRate).toFixed(2);
}

function cells(outcome: PhaseOutcome, rates: Rates, big: boolean, defaultStream: boolean): string[] {
  if ('skipped' in outcome) return [outcome.phase, `skipped: ${outcome.skipped}`];
  if ('failed' in outcome) return [outcome.phase, `failed: ${outcome.failed}`];
  const { result } = outcome;
  const ratio = rates.ceiling === undefined || result.latency || result.load ? '-' : (result.eventsPerSecond / rates.ceiling).toFixed(2);
  // A load phase's p50/p99 are its requests' (sending to the 202).
  const timing = result.latency ?? result.load;
  const goals = judgeGoals(result, rates, big, defaultStream)
    .map(({ goal, met }) => `${goal}: ${met === undefined ? 'not judged' : met ? 'met' : 'NOT MET'}`)
    .join('; ');
  return [
    result.phase,
    String(result.events),
    result.eventsPerSecond.toFixed(0),
    ratio,
    replayRatio(result, rates.replay),
    result.state ? result.state.bytesPerEvent.toFixed(1) : '-',
    result.peakRssMiB.toFixed(0),
    timing ? timing.p50Ms.toFixed(1) : '-',
    timing ? timing.p99Ms.toFixed(1) : '-',
    goals || '-',
  ];
}

/**
 * The results table: one row per phase (figures, ratio to the ceiling, the goal and whether
 * it is met), then a line per latency or notify phase with the rate it aimed at and achieved. For a
 * notify phase "events" are webhooks delivered and p50/p99 are output → delivered through the notifier.
 */
export function formatReport(outcomes: readonly PhaseOutcome[], big: boolean, defaultStream = false): string {
  const rateOf = (phase: PhaseName) => {
    const outcome = outcomes.find((candidate) => candidate.phase === phase);
    return outcome && 'result' in outcome ? outcome.result.eventsPerSecond : undefined;
  };
  const replay = outcomes.find((candidate) => candidate.phase === 'replay');
  const replayCpu = replay && 'result' in replay && replay.result.cpuSeconds ? replay.result.events / replay.result.cpuSeconds : undefined;
  const rates: Rates = { ceiling: rateOf('ceiling'), replay: rateOf('replay'), replayCpu };
  const rows = outcomes.map((outcome) => cells(outcome, rates, big, defaultStream));
  const widths = HEADER.map((title, column) =>
    Math.max(title.length, ...rows.filter((row) => row.length === HEADER.length).map((row) => row[column]!.length)),
  );
  const line = (row: string[]) =>
    row.length < HEADER.length
      ? `${row[0]!.padEnd(widths[0]!)}  ${row.slice(1).join('  ')}`
      : row
          .map((cell, column) => (RIGHT_ALIGNED.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!)))
          .join('  ')
          .trimEnd();
  const notes = outcomes.flatMap((outcome) => {
    if (!('result' in outcome)) return [];
    if (outcome.phase === 'ceiling' && outcome.result.wallSeconds !== undefined) {
      const { result } = outcome;
      return [`ceiling: warm, in CPU time: ${result.events} events in ${result.seconds.toFixed(2)} s of CPU (${result.wallSeconds!.toFixed(2)} s of wall time)`];
    }
    if (outcome.result.load) return [loadLine(outcome.result)];
    const stateNote = outcome.result.state ? [stateLine(outcome.result, defaultStream)] : [];
    if (outcome.result.cpuSeconds !== undefined && !outcome.result.latency) {
      const { result } = outcome;
      // Under load wall time stretches and CPU time does not: their ratio says how much of the machine the phase had.
      stateNote.unshift(cpuLine(result, rates.replayCpu));
    }
    // An ingest phase: a line saying it is the floor under its sustained phase, and how close that came.
    const bounded = boundedPhaseOf(outcome.phase);
    if (bounded !== undefined) {
      const ingest = outcome.result.eventsPerSecond;
      const sustained = rateOf(bounded);
      return [
        `${outcome.phase}: appends alone, no runner: ${ingest.toFixed(0)}/s bounds the ${bounded} phase's rate ` +
          `(ingest and the runner share one process)` +
          (sustained === undefined ? '' : `; ${bounded} reached ${sustained.toFixed(0)}/s, ${((100 * sustained) / ingest).toFixed(0)} % of it`),
      ];
    }
    if (!outcome.result.latency) return stateNote;
    const { result } = outcome;
    const latency = result.latency!;
    if (result.notify) {
      const { notify } = result;
      return [
        `${result.phase}: ${result.events} webhooks in ${result.seconds.toFixed(1)} s at concurrency ${notify.concurrency} ` +
          `(enqueueing took ${notify.enqueueSeconds.toFixed(1)} s; CPU per webhook: notifier ${notify.senderCpuMicros.toFixed(0)} µs, ` +
          `receiver ${notify.receiverCpuMicros.toFixed(0)} µs); then through the whole notifier on ${notify.latencyDatabase}: ` +
          `${notify.latencyOutputs} stock-outs committed over ${notify.latencySeconds.toFixed(1)} s, ${latency.appends} notifications ` +
          `(${(latency.appends / notify.latencySeconds).toFixed(0)}/s for ${latency.targetRate.toFixed(0)}/s aimed, half the rate): ` +
          `output → delivered max ${latency.maxMs.toFixed(1)} ms, the output commit itself p99 ${latency.ackP99Ms.toFixed(1)} ms; ` +
          `${notify.received} requests received, every signature valid, no id twice`,
      ];
    }
    return [
      `${result.phase}: ${result.events} events in ${latency.appends} appends over ${result.seconds.toFixed(1)} s, ` +
        `${result.eventsPerSecond.toFixed(0)}/s achieved for ${latency.targetRate.toFixed(0)}/s aimed (half the sustained rate); ` +
        `max ${latency.maxMs.toFixed(1)} ms; the append itself p99 ${latency.ackP99Ms.toFixed(1)} ms` +
        (latency.warmUpSeconds === undefined ? '' : `; measured warm (the stream applied once before, untimed: ${latency.warmUpSeconds.toFixed(1)} s)`),
      ...stateNote,
    ];
  });
  const kafka = outcomes.flatMap((outcome) => ('result' in outcome && outcome.result.kafka ? [formatKafkaFigures(outcome.result.kafka)] : []));
  return [line(HEADER), ...rows.map(line), ...(notes.length > 0 ? ['', ...notes] : []), ...kafka.flatMap((block) => ['', block])].join('\n') + '\n';
}

const MIB = 2 ** 20;

/** Wall and CPU seconds of a phase (and of PostgreSQL's backends), and, for a sustained phase, its CPU-time ratio to the replay. */
function cpuLine(result: PhaseResult, replayCpu: number | undefined): string {
  const database = result.databaseCpuSeconds === undefined ? '' : ` and ${result.databaseCpuSeconds.toFixed(2)} s in PostgreSQL's backends`;
  const share = cpuShareOfReplay(result, replayCpu);
  return (
    `${result.phase}: ${result.seconds.toFixed(2)} s of wall time, ${result.cpuSeconds!.toFixed(2)} s of CPU in its process${database}` +
    (share === undefined ? '' : `; in CPU time ${share.toFixed(2)} × the replay`)
  );
}

/** A load phase: what was offered, what came back, and how /healthz answered meanwhile. */
function loadLine(result: PhaseResult): string {
  const load = result.load!;
  return (
    `${result.phase}: ${load.clients} clients × ${load.eventsPerRequest} events per request over HTTP for ${result.seconds.toFixed(1)} s ` +
    `to the server as ${load.topology}: ` +
    `${load.requests} requests (${load.failedRequests} failed), ${result.events} events accepted, ${load.duplicates} duplicates, ` +
    `${load.deadLettered} dead-lettered; request max ${load.maxMs.toFixed(1)} ms; /healthz: ${load.healthProbes} probes, ` +
    `median ${load.healthP50Ms.toFixed(1)} ms, p99 ${load.healthP99Ms.toFixed(1)} ms, slowest ${load.healthMaxMs.toFixed(1)} ms, ` +
    `${load.healthFailures} without a 200 in 5 s; ` +
    `the runner was ${load.lagAtEnd} events behind when the load stopped` +
    serverCpuNote(result.events, load)
  );
}

/** The CPU the server used for what it accepted: its API process, and the runner's where that is a process of its own. */
function serverCpuNote(events: number, load: LoadFigures): string {
  if (load.serverCpuSeconds === undefined) return '';
  const perSecond = (seconds: number) => `${(events / seconds).toFixed(0)} events per CPU second`;
  if (load.runnerCpuSeconds === undefined) return `; the server used ${load.serverCpuSeconds.toFixed(1)} s of CPU (${perSecond(load.serverCpuSeconds)})`;
  return (
    `; the ingest process used ${load.serverCpuSeconds.toFixed(1)} s of CPU (${perSecond(load.serverCpuSeconds)}), ` +
    `the runner ${load.runnerCpuSeconds.toFixed(1)} s`
  );
}

/**
 * What a runtime phase wrote of state: in its timed part (the column), and with the snapshot at its stop; on the
 * default stream, each as a share of what was measured there before snapshots.
 */
function stateLine(result: PhaseResult, defaultStream: boolean): string {
  const state = result.state!;
  const withStop = result.events > 0 ? (state.bytes + state.bytesAtStop) / result.events : 0;
  const before = defaultStream ? STATE_BYTES_PER_EVENT_BEFORE[result.phase] : undefined;
  const share = (perEvent: number) => (before === undefined ? '' : ` (${((100 * perEvent) / before).toFixed(1)} % of the ${before} B/event before snapshots)`);
  return (
    `${result.phase}: state written ${(state.bytes / MIB).toFixed(2)} MiB in the timed part, ${state.snapshots} snapshot(s), ` +
    `${state.bytesPerEvent.toFixed(1)} B/event${share(state.bytesPerEvent)}; the snapshot at stop ${(state.bytesAtStop / MIB).toFixed(2)} MiB, ` +
    `${withStop.toFixed(1)} B/event with it${share(withStop)}`
  );
}
