import { openBenchRuntime } from './openBenchRuntime';
import type { PhaseResult, RuntimeTarget } from './phases';
import { peakRssMiB } from './peakRssMiB';
import { inChunks, readInputLines } from './readInputLines';
import { watchCommits } from './watchCommits';

/**
 * The persistent runtime's sustained end-to-end rate: the file is appended as fast as ingest takes
 * it, in chunks, while the runner applies in the background; the clock runs from the first append
 * to the commit of the batch that applies the last event.
 */
export async function measureSustained(input: string, target: RuntimeTarget, appendSize: number): Promise<PhaseResult> {
  const { runtime, dispose } = await openBenchRuntime(target);
  try {
    const commits = watchCommits(runtime.runner);
    runtime.start();
    const started = performance.now();
    let events = 0;
    let lastSeq: bigint | null = null;
    for await (const chunk of inChunks(readInputLines(input), appendSize)) {
      const result = await runtime.eventLog.append(chunk.map((text) => ({ text })));
      events += result.accepted;
      lastSeq = result.lastSeq ?? lastSeq;
    }
    if (lastSeq !== null) await commits.until(lastSeq);
    const seconds = (performance.now() - started) / 1000;
    commits.stop();
    return { phase: target, events, seconds, eventsPerSecond: events / seconds, peakRssMiB: peakRssMiB(), outputs: commits.outputs() };
  } finally {
    await dispose();
  }
}
