import { WORKERS } from '@dealerflow/domain';
import { replay, resolvePolicies } from '@dealerflow/runtime';
import type { PhaseResult } from './phases';
import { peakRssMiB } from './peakRssMiB';
import { readInputLines } from './readInputLines';

/** The in-memory replay of the file with every worker; outputs are serialized and dropped. */
export async function measureReplay(input: string): Promise<PhaseResult> {
  const policies = resolvePolicies(WORKERS);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const stats = await replay(readInputLines(input), () => {}, { policies });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    phase: 'replay',
    events: stats.accepted,
    seconds,
    eventsPerSecond: stats.accepted / seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssMiB: peakRssMiB(),
    outputs: stats.outputs,
  };
}
