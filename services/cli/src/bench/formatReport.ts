import { judgeGoals } from './judgeGoals';
import { boundedPhaseOf, type PhaseName, type PhaseResult } from './phases';

export type PhaseOutcome =
  | { phase: PhaseName; result: PhaseResult }
  | { phase: PhaseName; skipped: string }
  | { phase: PhaseName; failed: string };

const HEADER = ['phase', 'events', 'events/s', '× ceiling', 'peak RSS MiB', 'p50 ms', 'p99 ms', 'goal'];
const RIGHT_ALIGNED = new Set([1, 2, 3, 4, 5, 6]);

function cells(outcome: PhaseOutcome, ceilingRate: number | undefined, big: boolean): string[] {
  if ('skipped' in outcome) return [outcome.phase, `skipped: ${outcome.skipped}`];
  if ('failed' in outcome) return [outcome.phase, `failed: ${outcome.failed}`];
  const { result } = outcome;
  const ratio = ceilingRate === undefined || result.latency ? '-' : (result.eventsPerSecond / ceilingRate).toFixed(2);
  const goals = judgeGoals(result, ceilingRate, big)
    .map(({ goal, met }) => `${goal}: ${met === undefined ? 'not judged' : met ? 'met' : 'NOT MET'}`)
    .join('; ');
  return [
    result.phase,
    String(result.events),
    result.eventsPerSecond.toFixed(0),
    ratio,
    result.peakRssMiB.toFixed(0),
    result.latency ? result.latency.p50Ms.toFixed(1) : '-',
    result.latency ? result.latency.p99Ms.toFixed(1) : '-',
    goals || '-',
  ];
}

/**
 * The results table: one row per phase (figures, ratio to the ceiling, the goal and whether
 * it is met), then a line per latency or notify phase with the rate it aimed at and achieved. For a
 * notify phase "events" are webhooks delivered and p50/p99 are output → delivered through the notifier.
 */
export function formatReport(outcomes: readonly PhaseOutcome[], big: boolean): string {
  const ceiling = outcomes.find((outcome) => outcome.phase === 'ceiling');
  const ceilingRate = ceiling && 'result' in ceiling ? ceiling.result.eventsPerSecond : undefined;
  const rows = outcomes.map((outcome) => cells(outcome, ceilingRate, big));
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
  const rateOf = (phase: PhaseName) => {
    const outcome = outcomes.find((candidate) => candidate.phase === phase);
    return outcome && 'result' in outcome ? outcome.result.eventsPerSecond : undefined;
  };
  const notes = outcomes.flatMap((outcome) => {
    if (!('result' in outcome)) return [];
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
    if (!outcome.result.latency) return [];
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
        `max ${latency.maxMs.toFixed(1)} ms; the append itself p99 ${latency.ackP99Ms.toFixed(1)} ms`,
    ];
  });
  return [line(HEADER), ...rows.map(line), ...(notes.length > 0 ? ['', ...notes] : [])].join('\n') + '\n';
}
