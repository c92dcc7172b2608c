import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { PhaseName, PhaseResult } from './phases';

const BIN = join(import.meta.dirname, '../../bin/dealerflow.js');

export interface ChildPhaseOptions {
  /** The stream file; the notify phases need none. */
  input: string | undefined;
  /** Extra `dealerflow bench --phase` options (`--rate`, `--latency-seconds`, `--append-size`). */
  args?: string[];
  /** Write a V8 CPU profile of the phase into this folder (`node --cpu-prof`). */
  profileDir?: string;
}

/** Thrown when a phase's process fails or prints no result line. */
export class PhaseFailedError extends Error {
  override readonly name = 'PhaseFailedError';
}

/**
 * Runs one phase as `dealerflow bench --phase <name>` in its own process, so its peak RSS is its
 * own and no phase warms or fragments the heap of the next. The child's stderr passes through; its
 * last stdout line is the result.
 */
export async function runPhaseInChild(phase: PhaseName, options: ChildPhaseOptions): Promise<PhaseResult> {
  const nodeArgs = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir, '--cpu-prof-name', `${phase}.cpuprofile`] : [];
  const child = spawn(process.execPath, [...nodeArgs, BIN, 'bench', '--phase', phase, ...(options.input === undefined ? [] : ['--input', options.input]), ...(options.args ?? [])], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk: string) => (stdout += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) throw new PhaseFailedError(`exit code ${code}`);
  const last = stdout.trimEnd().split('\n').at(-1) ?? '';
  let result: PhaseResult;
  try {
    result = JSON.parse(last) as PhaseResult;
  } catch {
    throw new PhaseFailedError(`no result line (stdout ended with ${JSON.stringify(last.slice(-200))})`);
  }
  if (result.phase !== phase || typeof result.eventsPerSecond !== 'number' || typeof result.peakRssMiB !== 'number') {
    throw new PhaseFailedError(`unexpected result line ${last.slice(0, 200)}`);
  }
  return result;
}
