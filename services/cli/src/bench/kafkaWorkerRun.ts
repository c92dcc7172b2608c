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
  /** CPU time used at its latest report, µs: in all, and since its service started. */
  cpu: number;
  serviceCpu: number;
  /** Events its tasks had applied (re-applied ones again). */
  applied: number;
  /** The tasks it held at its latest report. */
  tasks: TaskLine[];
  /** Batches handled and task applications (each a store transaction when it had outputs) at its latest report. */
  batches: number;
  applications: number;
  /** Outbox rows its relay published (its own tasks' or the other process's: one relay of a worker sends at a time). */
  relayed: number;
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
  /** Fetched batches the processes handled in that time, together, and the tasks' applications (store commits). */
  batches: number;
  applications: number;
  /** Outbox rows their relays published in that time (outputs of events applied before it too). */
  relayed: number;
  /**
   * CPU time the processes used from their services' start to the end, together, and the events their tasks applied
   * in it (one applied again after the group's rebalance counted again). Unlike `cpuSeconds` against the timed events,
   * this pair does not depend on what was fetched but not yet applied when the group settled (fetching and parsing
   * done before the clock, applying after it), which moved the timed figure by ±30 % from run to run.
   */
  serviceCpuSeconds: number;
  applied: number;
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

interface MemberLine {
  at?: number;
  cpu?: number;
  serviceCpu?: number;
  applied?: number;
  tasks?: TaskLine[];
  batches?: number;
  applications?: number;
  relayed?: number;
  peakRssMiB?: number;
}

function spawnMember(options: KafkaRunOptions, onLine: (line: MemberLine) => void): ChildProcess {
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
  let settled: { at: number; read: bigint; work: Work } | undefined;
  let atEnd: Work | undefined;

  const workOf = (): Work => ({
    cpu: members.reduce((sum, member) => sum + member.cpu, 0),
    batches: members.reduce((sum, member) => sum + member.batches, 0),
    applications: members.reduce((sum, member) => sum + member.applications, 0),
    relayed: members.reduce((sum, member) => sum + member.relayed, 0),
    serviceCpu: members.reduce((sum, member) => sum + member.serviceCpu, 0),
    applied: members.reduce((sum, member) => sum + member.applied, 0),
  });
  const readOf = () => members.flatMap((member) => member.tasks).reduce((sum, task) => sum + BigInt(task.fetched) - BigInt(task.buffered), 0n);
  function isSettled(): boolean {
    const held = members.map((member) => member.tasks.map((task) => task.partition));
    const all = held.flat();
    return held.every((partitions) => partitions.length > 0) && all.length === options.targets.size && new Set(all).size === all.length;
  }

  for (let index = 0; index < options.processes; index += 1) {
    const member: MemberState = { child: undefined as never, cpu: 0, serviceCpu: 0, applied: 0, tasks: [], batches: 0, applications: 0, relayed: 0, peakRssMiB: 0 };
    member.child = spawnMember(options, (line) => {
      if (line.peakRssMiB !== undefined) member.peakRssMiB = line.peakRssMiB;
      if (line.tasks === undefined || line.at === undefined) return;
      member.tasks = line.tasks;
      member.cpu = line.cpu ?? member.cpu;
      member.serviceCpu = line.serviceCpu ?? member.serviceCpu;
      member.applied = line.applied ?? member.applied;
      member.batches = line.batches ?? member.batches;
      member.applications = line.applications ?? member.applications;
      member.relayed = line.relayed ?? member.relayed;
      if (settled === undefined && isSettled()) settled = { at: line.at, read: readOf(), work: workOf() };
      for (const task of line.tasks) {
        if (settled !== undefined && !doneAt.has(task.partition) && task.buffered === 0 && BigInt(task.fetched) >= options.targets.get(task.partition)!) doneAt.set(task.partition, line.at);
      }
      if (doneAt.size === options.targets.size && atEnd === undefined) atEnd = workOf();
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
  const start = settled!.work;
  return {
    processes: options.processes,
    eventsPerSecond: (options.events * share) / seconds,
    seconds,
    cpuSeconds: (atEnd!.cpu - start.cpu) / 1e6,
    peakRssMiB: Math.max(...members.map((member) => member.peakRssMiB)),
    batches: atEnd!.batches - start.batches,
    applications: atEnd!.applications - start.applications,
    relayed: atEnd!.relayed - start.relayed,
    serviceCpuSeconds: atEnd!.serviceCpu / 1e6,
    applied: atEnd!.applied,
  };
}

/** What the processes had done together at one moment: CPU time (µs), batches handled, task applications, rows relayed. */
interface Work {
  cpu: number;
  batches: number;
  applications: number;
  relayed: number;
  serviceCpu: number;
  applied: number;
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
