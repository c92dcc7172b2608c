import { parseInputLine } from '@dealerflow/contracts';
import type { PhaseResult } from './phases';
import { peakRssMiB } from './peakRssMiB';
import { readInputLines } from './readInputLines';

/**
 * The ceiling: reading the file and JSON.parse + zod of every line, nothing else. No pipeline can
 * beat it, because every pipeline starts by doing exactly this.
 */
export async function measureCeiling(input: string): Promise<PhaseResult> {
  const started = performance.now();
  let events = 0;
  let invalid = 0;
  for await (const line of readInputLines(input)) {
    if (parseInputLine(line).ok) events += 1;
    else invalid += 1;
  }
  const seconds = (performance.now() - started) / 1000;
  if (invalid > 0) process.stderr.write(`bench ceiling: ${invalid} lines are not valid events\n`);
  return { phase: 'ceiling', events, seconds, eventsPerSecond: events / seconds, peakRssMiB: peakRssMiB() };
}
