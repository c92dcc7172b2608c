import { parseInputLine } from '@dealerflow/contracts';
import type { PhaseResult } from './phases';
import { peakRssMiB } from './peakRssMiB';
import { readInputLines } from './readInputLines';

/** Lines parsed before the timed pass, so it runs on optimized code (the whole file when shorter). */
const WARM_UP_LINES = 20_000;

async function parseLines(input: string, limit = Number.POSITIVE_INFINITY): Promise<{ events: number; invalid: number }> {
  let events = 0;
  let invalid = 0;
  for await (const line of readInputLines(input)) {
    if (events + invalid >= limit) break;
    if (parseInputLine(line).ok) events += 1;
    else invalid += 1;
  }
  return { events, invalid };
}

/**
 * The ceiling: reading the file and JSON.parse + zod of every line, nothing else. No pipeline can
 * beat it, because every pipeline starts by doing exactly this. Measured warm (after a pass over
 * the first lines) and in CPU time of this process (user + system): a cold pass in wall time mostly
 * measured the JIT and whatever else the machine was doing, 9.7–38.6 k/s on one machine.
 */
export async function measureCeiling(input: string): Promise<PhaseResult> {
  await parseLines(input, WARM_UP_LINES);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const { events, invalid } = await parseLines(input);
  const cpu = process.cpuUsage(cpuBefore);
  const wallSeconds = (performance.now() - started) / 1000;
  const seconds = (cpu.user + cpu.system) / 1e6;
  if (invalid > 0) process.stderr.write(`bench ceiling: ${invalid} lines are not valid events\n`);
  return { phase: 'ceiling', events, seconds, eventsPerSecond: events / seconds, wallSeconds, peakRssMiB: peakRssMiB() };
}
