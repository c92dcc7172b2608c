import { openBenchRuntime } from './openBenchRuntime';
import type { RuntimeTarget } from './phases';
import { inChunks, readInputLines } from './readInputLines';
import { watchCommits } from './watchCommits';

/** Events per append of the warm-up: it is not timed, so appends as large as the sustained phase's. */
const WARM_UP_APPEND = 500;

/**
 * Applies the whole stream once on a throwaway runtime of `target` in this process, untimed, and returns
 * how long that took (s). A latency phase runs after it: a server answering at half its rate has run for
 * a while, so its code is compiled and optimized; cold, the first two seconds of a run (V8 compiling the
 * pipeline, PGlite's WebAssembly warming) made every one of the slowest appends (docs/performance.md).
 */
export async function warmUpRuntime(input: string, target: RuntimeTarget): Promise<number> {
  const started = performance.now();
  const { runtime, dispose } = await openBenchRuntime(target);
  try {
    const commits = watchCommits(runtime.runner);
    runtime.start();
    let lastSeq: bigint | null = null;
    for await (const chunk of inChunks(readInputLines(input), WARM_UP_APPEND)) {
      lastSeq = (await runtime.eventLog.append(chunk.map((text) => ({ text })))).lastSeq ?? lastSeq;
    }
    if (lastSeq !== null) await commits.until(lastSeq);
    commits.stop();
  } finally {
    await dispose();
  }
  return (performance.now() - started) / 1000;
}
