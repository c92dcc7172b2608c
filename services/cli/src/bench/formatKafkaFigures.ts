import { KAFKA_TWO_PROCESS_GOAL } from './judgeGoals';
import type { KafkaRun } from './kafkaWorkerRun';
import type { KafkaFigures } from './measureKafkaWorkers';

/** Cores for two worker processes with the broker and PostgreSQL beside them before the goal is a fair test. */
export const KAFKA_GOAL_CORES = 4;

const rate = (eventsPerSecond: number) => `${eventsPerSecond.toFixed(0)} events/s`;

/**
 * Events applied per second of CPU the processes used together, from their services' start to the end: what the work
 * costs, whatever else the machine ran (see KafkaRun.serviceCpuSeconds for why not the timed part's CPU).
 */
const perCpu = (run: KafkaRun) => (run.serviceCpuSeconds > 0 ? (run.applied / run.serviceCpuSeconds).toFixed(0) : '-');

/** Fetched batches, task applications (store commits) and outbox rows relayed per 1 000 events timed. */
const per1000 = (count: number, run: KafkaRun) => ((count * 1000) / (run.eventsPerSecond * run.seconds)).toFixed(1);

/**
 * The kafka phase's figures: per worker, its rate with one process and with two, their ratio and
 * peak RSS, then the goal. On a machine with fewer than KAFKA_GOAL_CORES cores the ratio is printed
 * and judged as it is, with the reason it cannot reach the goal there.
 */
export function formatKafkaFigures(figures: KafkaFigures): string {
  const rows = figures.workers.map(({ worker, one, two }) => [
    worker,
    rate(one.eventsPerSecond),
    rate(two.eventsPerSecond),
    `${(two.eventsPerSecond / one.eventsPerSecond).toFixed(2)} ×`,
    `${perCpu(one)} / ${perCpu(two)}`,
    `${one.seconds.toFixed(2)} / ${two.seconds.toFixed(2)}`,
    `${per1000(one.batches, one)} / ${per1000(two.batches, two)}`,
    `${per1000(one.applications, one)} / ${per1000(two.applications, two)}`,
    `${per1000(one.relayed, one)} / ${per1000(two.relayed, two)}`,
    `${one.peakRssMiB.toFixed(0)} / ${two.peakRssMiB.toFixed(0)}`,
  ]);
  const header = ['worker', '1 process', '2 processes', '2 ÷ 1', 'events applied per CPU s (1 / 2)', 'timed s (1 / 2)', 'batches per 1k events', 'commits per 1k events', 'rows relayed per 1k events', 'peak RSS MiB (1 / 2)'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (row: string[]) => `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join('  ')}`;
  const ratios = figures.workers.map(({ one, two }) => two.eventsPerSecond / one.eventsPerSecond);
  const met = ratios.every((ratio) => ratio >= KAFKA_TWO_PROCESS_GOAL);
  const cores =
    figures.cores >= KAFKA_GOAL_CORES
      ? ''
      : ` (this machine has ${figures.cores} cores for both processes, the broker and PostgreSQL: the goal wants ${KAFKA_GOAL_CORES} or more to be a fair test)`;
  return [
    `kafka: the worker services, each reading the same ${figures.partitions}-partition topics to the end, timed from the moment its group settled ` +
      `(the input relay published the stream at ${rate(figures.relayEventsPerSecond)}); events applied per CPU second (since the services started) alike for 1 and 2 ` +
      `processes mean two would go twice as fast on two free cores`,
    line(header),
    ...rows.map(line),
    `kafka goal: two processes ≥ ${KAFKA_TWO_PROCESS_GOAL} × one: ${met ? 'met' : 'NOT MET'} (lowest ${Math.min(...ratios).toFixed(2)} ×)${cores}`,
  ].join('\n');
}
