import { openBenchRuntime } from './openBenchRuntime';
import type { PhaseResult, RuntimeTarget } from './phases';
import { peakRssMiB } from './peakRssMiB';
import { inChunks, readInputLines } from './readInputLines';

/**
 * The ingest floor: the sustained phase's appends alone (same chunks, same fresh database), no
 * runner started. The persistent rate cannot beat it: ingest and the runner share the process.
 */
export async function measureIngest(input: string, target: RuntimeTarget, appendSize: number): Promise<PhaseResult> {
  const { runtime, dispose } = await openBenchRuntime(target);
  try {
    const started = performance.now();
    let events = 0;
    for await (const chunk of inChunks(readInputLines(input), appendSize)) {
      events += (await runtime.eventLog.append(chunk.map((text) => ({ text })))).accepted;
    }
    const seconds = (performance.now() - started) / 1000;
    return { phase: target === 'pglite' ? 'pglite-ingest' : 'postgres-ingest', events, seconds, eventsPerSecond: events / seconds, peakRssMiB: peakRssMiB() };
  } finally {
    await dispose();
  }
}
