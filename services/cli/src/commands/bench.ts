import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  describeMachine,
  formatReport,
  isPhaseName,
  kafkaPhaseSkipReason,
  measurePhase,
  notifyBackendOf,
  parsePhaseList,
  PHASES,
  PhaseFailedError,
  probeRedis,
  readInputLines,
  runPhaseInChild,
  summarizeCpuProfile,
  sustainedPhaseOf,
  targetOf,
  writeStreamFile,
  type HotSpot,
  type LoadOptions,
  type NotifyOptions,
  type PhaseName,
  type PhaseOutcome,
  type PhaseResult,
  type StreamFile,
} from '../bench';
import { simulateOptionsSchema } from '@dealerflow/testkit';
import type { OptionValues } from '../commandLine/commandSpec';
import { parseCommandLine } from '../commandLine/parseCommandLine';
import { benchCommand } from '../commandSpecs';
import { createProgress } from '../progress';
import { createStreamProgress } from '../simulate/streamProgress';
import { integerOption, UsageError } from '../usage';

/**
 * The simulator's default stream (about 15 000 events), so the whole default run takes about three
 * minutes on a two-core machine at today's persistent rates (see docs/performance.md).
 */
const DEFAULT_SIZE = { dealers: 50, skus: 200, days: 30 };
/** The RSS check: 1 000 dealers × 2 000 SKUs with a year of history. */
const BIG_SIZE = { dealers: 1000, skus: 2000, days: 365 };
/** At the big size the latency phases add nothing the default run does not show, and cost hours. */
const BIG_PHASES: PhaseName[] = ['ceiling', 'replay', 'pglite', 'postgres'];

type BenchOptions = OptionValues<typeof benchCommand.options>;

function notifyOptionsOf(options: BenchOptions): NotifyOptions {
  return {
    jobs: positive(options['notify-jobs'], 'notify-jobs'),
    concurrency: positive(options['notify-concurrency'], 'notify-concurrency'),
    seconds: positive(options['notify-seconds'], 'notify-seconds'),
    redisUrl: process.env.REDIS_URL || 'redis://127.0.0.1:6379',
  };
}

function loadOptionsOf(options: BenchOptions): LoadOptions {
  return {
    seconds: positive(options['load-seconds'], 'load-seconds'),
    clients: positive(options['load-clients'], 'load-clients'),
    eventsPerRequest: positive(options['load-batch'], 'load-batch'),
  };
}

function positive(value: string, name: string): number {
  const parsed = integerOption(value, name, 0);
  if (parsed < 1) throw new UsageError(`--${name} must be at least 1`);
  return parsed;
}

/**
 * `dealerflow bench`: generates a seeded stream once, runs each phase in its own process
 * (ceiling, in-memory replay, ingest alone and the persistent runtime on PGlite and PostgreSQL, ingest → output latency
 * at half the sustained rate, the notifier's webhook delivery on BullMQ and in process, concurrent clients
 * on the real HTTP server) and prints one table with the goals of issues 7, 8 and 18. Exit 0 when every
 * phase ran (met or not: it measures, it does not judge the build), 2 when a phase failed.
 */
export async function runBench(args: string[]): Promise<number> {
  const options = parseCommandLine(benchCommand, args);
  if (options.phase !== undefined) return runOnePhase(options);
  return runAllPhases(options, args);
}

async function runOnePhase(options: BenchOptions): Promise<number> {
  const phase = options.phase!;
  if (!isPhaseName(phase)) throw new UsageError(`--phase must be one of ${PHASES.join(', ')}, got "${phase}"`);
  if (options.input === undefined && notifyBackendOf(phase) === undefined) throw new UsageError('--phase needs --input');
  const result = await measurePhase(phase, {
    input: options.input ?? '',
    appendSize: positive(options['append-size'], 'append-size'),
    rate: options.rate === undefined ? undefined : Number(options.rate),
    latencySeconds: positive(options['latency-seconds'], 'latency-seconds'),
    notify: notifyOptionsOf(options),
    load: loadOptionsOf(options),
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

function phasesOf(options: BenchOptions): PhaseName[] {
  if (options.phases === undefined) return options.big ? BIG_PHASES : [...PHASES];
  const parsed = parsePhaseList(options.phases);
  if ('unknown' in parsed) throw new UsageError(`--phases: unknown ${parsed.unknown.join(', ')} (known: ${PHASES.join(', ')}, ingest, latency, notify, load)`);
  if (parsed.length === 0) throw new UsageError('--phases names no phase');
  return parsed;
}

async function countLines(path: string): Promise<number> {
  let lines = 0;
  for await (const _ of readInputLines(path)) lines += 1;
  return lines;
}

interface StreamSize {
  dealers: number;
  skus: number;
  days: number;
  seed: number;
}

/** The stream every phase reads: the file given, or one generated into `dir`; undefined when no phase needs one. */
async function prepareStream(options: BenchOptions, size: StreamSize, dir: string, out: (text: string) => void, needed: boolean): Promise<string | undefined> {
  if (!needed) {
    out('stream: none needed (notify phases only)\n');
    return undefined;
  }
  if (options.input !== undefined) {
    const input = resolve(options.input);
    const bytes = (await stat(input)).size;
    out(`stream: ${await countLines(input)} events, ${(bytes / 2 ** 20).toFixed(1)} MiB NDJSON, from ${input}\n`);
    return input;
  }
  const input = join(dir, 'stream.ndjson');
  const progress = createStreamProgress('bench: generating the stream', simulateOptionsSchema.parse(size));
  let stream: StreamFile;
  try {
    stream = await writeStreamFile(input, size, (event, count) => progress.written(event, count));
  } finally {
    progress.stop();
  }
  out(
    `stream: ${stream.events} events, ${(stream.bytes / 2 ** 20).toFixed(1)} MiB NDJSON ` +
      `(${size.dealers} dealers × ${size.skus} SKUs × ${size.days} days, seed ${size.seed}), generated in ${stream.seconds.toFixed(1)} s\n`,
  );
  return input;
}

function describeOutcome(outcome: PhaseOutcome): string {
  if ('result' in outcome) return `${outcome.result.eventsPerSecond.toFixed(0)} events/s`;
  return 'skipped' in outcome ? `skipped (${outcome.skipped})` : `failed (${outcome.failed})`;
}

/** Runs the phases in order, with progress on stderr: which phase runs, and a line as each ends. */
async function runPhases(phases: readonly PhaseName[], context: Omit<RunContext, 'results'>): Promise<PhaseOutcome[]> {
  const outcomes: PhaseOutcome[] = [];
  const results = new Map<PhaseName, PhaseResult>();
  const progress = createProgress({ label: 'bench', total: phases.length, describe: (done, total) => `${done} of ${total} phases done` });
  try {
    for (const [index, phase] of phases.entries()) {
      progress.update(index, `running ${phase}`);
      const outcome = await runPhase(phase, { ...context, results });
      if ('result' in outcome) results.set(phase, outcome.result);
      outcomes.push(outcome);
      progress.log(`bench: ${phase} ${describeOutcome(outcome)}`);
    }
    progress.update(phases.length, 'done');
  } finally {
    progress.stop();
  }
  return outcomes;
}

async function runAllPhases(options: BenchOptions, args: string[]): Promise<number> {
  const base = options.big ? BIG_SIZE : DEFAULT_SIZE;
  const size: StreamSize = {
    dealers: positive(options.dealers ?? String(base.dealers), 'dealers'),
    skus: positive(options.skus ?? String(base.skus), 'skus'),
    days: positive(options.days ?? String(base.days), 'days'),
    seed: integerOption(options.seed, 'seed', 1),
  };
  const phases = phasesOf(options);
  const latencySeconds = positive(options['latency-seconds'], 'latency-seconds');
  const appendSize = positive(options['append-size'], 'append-size');
  const profileDir = options.profile === undefined ? undefined : resolve(options.profile);
  const notify = notifyOptionsOf(options);
  const load = loadOptionsOf(options);
  const needsStream = phases.some((phase) => notifyBackendOf(phase) === undefined);
  const out = (text: string) => process.stdout.write(text);

  out(`dealerflow bench ${args.join(' ')}`.trimEnd() + '\n');
  out(`machine: ${describeMachine()}\n`);
  const dir = await mkdtemp(join(tmpdir(), 'dealerflow-bench-'));
  try {
    const input = await prepareStream(options, size, dir, out, needsStream);
    if (profileDir) await mkdir(profileDir, { recursive: true });
    const outcomes = await runPhases(phases, { input, latencySeconds, appendSize, profileDir, notify, load });
    // Goals measured against a figure of the default stream (state bytes before snapshots) are judged on that stream only.
    const defaultStream = options.input === undefined && !options.big && (['dealers', 'skus', 'days'] as const).every((key) => size[key] === DEFAULT_SIZE[key]) && size.seed === 1;
    out('\n' + formatReport(outcomes, options.big === true, defaultStream));
    if (!options.big && needsStream) out('\nRSS goals (replay ≤ 1536 MiB, runtime ≤ 512 MiB) are for the issue\'s size: run with --big.\n');
    if (profileDir) await printProfiles(profileDir, outcomes, out);
    if (options.keep) out(`kept ${dir}\n`);
    return outcomes.some((outcome) => 'failed' in outcome) ? 2 : 0;
  } finally {
    if (!options.keep) await rm(dir, { recursive: true, force: true });
  }
}

interface RunContext {
  input: string | undefined;
  results: ReadonlyMap<PhaseName, PhaseResult>;
  latencySeconds: number;
  appendSize: number;
  profileDir: string | undefined;
  notify: NotifyOptions;
  load: LoadOptions;
}

async function runPhase(phase: PhaseName, context: RunContext): Promise<PhaseOutcome> {
  if (targetOf(phase) === 'postgres' && !process.env.DATABASE_URL) return { phase, skipped: 'DATABASE_URL unset' };
  if (phase === 'kafka') {
    const reason = await kafkaPhaseSkipReason(process.env);
    if (reason !== undefined) return { phase, skipped: reason };
  }
  const args = ['--append-size', String(context.appendSize)];
  if (notifyBackendOf(phase) === 'bullmq') {
    const redis = await probeRedis(context.notify.redisUrl);
    if (!redis.reachable) return { phase, skipped: `Redis unreachable at ${context.notify.redisUrl} (${redis.reason})` };
  }
  if (notifyBackendOf(phase) !== undefined) {
    const { jobs, concurrency, seconds } = context.notify;
    args.push('--notify-jobs', String(jobs), '--notify-concurrency', String(concurrency), '--notify-seconds', String(seconds));
  }
  if (phase.endsWith('-load')) {
    const { seconds, clients, eventsPerRequest } = context.load;
    args.push('--load-seconds', String(seconds), '--load-clients', String(clients), '--load-batch', String(eventsPerRequest));
  }
  const sustained = sustainedPhaseOf(phase);
  if (sustained !== undefined) {
    const measured = context.results.get(sustained);
    if (!measured) return { phase, skipped: `needs the ${sustained} phase in the same run` };
    args.push('--rate', (measured.eventsPerSecond / 2).toFixed(1), '--latency-seconds', String(context.latencySeconds));
  }
  try {
    return { phase, result: await runPhaseInChild(phase, { input: context.input, args, profileDir: context.profileDir }) };
  } catch (error) {
    if (error instanceof PhaseFailedError) return { phase, failed: error.message };
    throw error;
  }
}

async function printProfiles(profileDir: string, outcomes: readonly PhaseOutcome[], out: (text: string) => void): Promise<void> {
  for (const outcome of outcomes) {
    if (!('result' in outcome)) continue;
    const path = join(profileDir, `${outcome.phase}.cpuprofile`);
    const summary = await summarizeCpuProfile(path).catch(() => undefined);
    if (!summary) continue;
    const list = (spots: HotSpot[]) => spots.map((spot) => `  ${spot.selfPercent.toFixed(1).padStart(5)} %  ${String(spot.selfMs).padStart(7)} ms  ${spot.where}\n`).join('');
    out(`\nCPU profile of ${outcome.phase} (${path}), self time, whole process:\n  top functions:\n${list(summary.functions)}  top files:\n${list(summary.files)}`);
  }
}
