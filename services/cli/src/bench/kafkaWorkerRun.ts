import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const MEMBER = join(import.meta.dirname, 'kafkaWorkerProcess.ts');

interface TaskLine {
  partition: number;
  fetched: string;
  buffered: number;
}

interface MemberState {
  child: ChildProcess;
  /** CPU time used at its latest report, µs. */
  cpu: number;
  /** The tasks it held at its latest report. */
  tasks: TaskLine[];
  peakRssMiB: number;
}

/** One run's figures: N processes of one worker reading the published stream. */
export interface KafkaRun {
  processes: number;
  /** Input events applied per second, from the moment the group settled to the last task done. */
  eventsPerSecond: number;
  seconds: number;
  /** CPU time the processes used in that time, together (user + system). */
  cpuSeconds: number;
  /** The largest peak RSS among the processes, MiB. */
  peakRssMiB: number;
}

export interface KafkaRunOptions {
  worker: string;
  processes: number;
  brokers: readonly string[];
  /** A database of this run's own: the tasks' snapshots and outbox. */
  databaseUrl: string;
  /** Records each task reads to the end, by partition number (publishKafkaStream). */
  targets: ReadonlyMap<number, bigint>;
  /** Input events in the stream: what the records amount to. */
  events: number;
  timeoutMs?: number;
}

function spawnMember(options: KafkaRunOptions, onLine: (line: { at?: number; cpu?: number; tasks?: TaskLine[]; peakRssMiB?: number }) => void): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', MEMBER], {
    env: {
      ...process.env,
      DEALERFLOW_BENCH_WORKER: options.worker,
      KAFKA_BROKERS: options.brokers.join(','),
      DATABASE_URL: options.databaseUrl,
      // A member that joins is noticed within a heartbeat (600 ms), not kafkajs' 3 s.
      KAFKA_SESSION_TIMEOUT_MS: '6000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  createInterface({ input: child.stdout! }).on('line', (line) => onLine(JSON.parse(line) as never));
  return child;
}

/**
 * Runs `processes` processes of one worker over the published stream and times them: the clock
 * starts when the group has settled (every partition held, by every process), and what the tasks
 * had read by then is not counted; it stops when the last task has read every record and holds
 * none back. The rate is the stream's events in proportion to the records read in that time.
 */
export async function runKafkaWorkers(options: KafkaRunOptions): Promise<KafkaRun> {
  const total = [...options.targets.values()].reduce((sum, records) => sum + records, 0n);
  const doneAt = new Map<number, number>();
  const members: MemberState[] = [];
  let settled: { at: number; read: bigint; cpu: number } | undefined;
  let cpuAtEnd = 0;

  const cpuOf = () => members.reduce((sum, member) => sum + member.cpu, 0);
  const readOf = () => members.flatMap((member) => member.tasks).reduce((sum, task) => sum + BigInt(task.fetched) - BigInt(task.buffered), 0n);
  function isSettled(): boolean {
    const held = members.map((member) => member.tasks.map((task) => task.partition));
    const all = held.flat();
    return held.every((partitions) => partitions.length > 0) && all.length === options.targets.size && new Set(all).size === all.length;
  }

  for (let index = 0; index < options.processes; index += 1) {
    const member: MemberState = { child: undefined as never, cpu: 0, tasks: [], peakRssMiB: 0 };
    member.child = spawnMember(options, (line) => {
      if (line.peakRssMiB !== undefined) member.peakRssMiB = line.peakRssMiB;
      if (line.tasks === undefined || line.at === undefined) return;
      member.tasks = line.tasks;
      member.cpu = line.cpu ?? member.cpu;
      if (settled === undefined && isSettled()) settled = { at: line.at, read: readOf(), cpu: cpuOf() };
      for (const task of line.tasks) {
        if (settled !== undefined && !doneAt.has(task.partition) && task.buffered === 0 && BigInt(task.fetched) >= options.targets.get(task.partition)!) doneAt.set(task.partition, line.at);
      }
      if (doneAt.size === options.targets.size && cpuAtEnd === 0) cpuAtEnd = cpuOf();
    });
    members.push(member);
  }
  try {
    await waitFor(() => doneAt.size === options.targets.size, members, options.timeoutMs ?? 600_000);
  } finally {
    await Promise.all(members.map((member) => stopMember(member.child)));
  }
  const seconds = (Math.max(...doneAt.values()) - settled!.at) / 1000;
  const share = Number(total - settled!.read) / Number(total);
  const cpuSeconds = (cpuAtEnd - settled!.cpu) / 1e6;
  return { processes: options.processes, eventsPerSecond: (options.events * share) / seconds, seconds, cpuSeconds, peakRssMiB: Math.max(...members.map((member) => member.peakRssMiB)) };
}

async function waitFor(done: () => boolean, members: readonly MemberState[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    const gone = members.find((member) => member.child.exitCode !== null || member.child.signalCode !== null);
    if (gone) throw new Error(`a worker process exited early (${gone.child.exitCode ?? gone.child.signalCode})`);
    if (Date.now() > deadline) throw new Error('the worker processes did not read the stream in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function stopMember(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    // `close`, not `exit`: its last line (the peak RSS) is read by then.
    child.once('close', () => resolve());
    child.kill('SIGTERM');
  });
}
