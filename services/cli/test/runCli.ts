import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../bin/dealerflow.js');

/** Runs the real `dealerflow` command as a process, the way an operator does. */
export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}) {
  const env = options.env === undefined ? undefined : { ...process.env, ...options.env };
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', cwd: options.cwd, env, timeout: options.timeoutMs ?? 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
