import { followDatabaseCpu } from './databaseCpu';
import { openBenchRuntime } from './openBenchRuntime';
import type { PhaseResult, RuntimeTarget } from './phases';
import { peakRssMiB } from './peakRssMiB';
import { inChunks, readInputLines } from './readInputLines';
import { stateWritesBetween } from './stateWrites';
import { watchCommits } from './watchCommits';

/**
 * The persistent runtime's sustained end-to-end rate: the file is appended as fast as ingest takes
 * it, in chunks, while the runner applies in the background; the clock runs from the first append
 * to the commit of the batch that applies the last event. Also what the runner wrote of state in
 * that time, and at its stop, and the CPU its process (and on PostgreSQL the server's backends) used.
 */
export async function measureSustained(input: string, target: RuntimeTarget, appendSize: number): Promise<PhaseResult> {
  const { runtime, dispose } = await openBenchRuntime(target);
  let result: PhaseResult;
  const before = runtime.runner.writes();
  let atEnd = before;
  try {
    const commits = watchCommits(runtime.runner);
    runtime.start();
    const databaseCpu = target === 'postgres' ? await followDatabaseCpu(runtime) : undefined;
    const cpuBefore = process.cpuUsage();
    const started = performance.now();
    let events = 0;
    let lastSeq: bigint | null = null;
    for await (const chunk of inChunks(readInputLines(input), appendSize)) {
      const appended = await runtime.eventLog.append(chunk.map((text) => ({ text })));
      events += appended.accepted;
      lastSeq = appended.lastSeq ?? lastSeq;
    }
    if (lastSeq !== null) await commits.until(lastSeq);
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const databaseCpuSeconds = await databaseCpu?.stop();
    atEnd = runtime.runner.writes();
    commits.stop();
    const cpuSeconds = (cpu.user + cpu.system) / 1e6;
    result = { phase: target, events, seconds, eventsPerSecond: events / seconds, cpuSeconds, databaseCpuSeconds, peakRssMiB: peakRssMiB(), outputs: commits.outputs() };
  } finally {
    await dispose();
  }
  return { ...result, state: stateWritesBetween(before, atEnd, runtime.runner.writes(), result.events) };
}
