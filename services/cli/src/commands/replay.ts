import { readFile } from 'node:fs/promises';
import { WORKERS } from '@dealerflow/domain';
import { ReplayFileError, PolicyError, replayFile, resolvePolicies } from '@dealerflow/runtime';
import { parseOptions, requireOption, UsageError } from '../usage';

/** Operator settings for the workers' rules, from a JSON file (`{ "credit": {...}, "stock": {...} }`). */
export async function loadPolicies(path: string | undefined) {
  if (path === undefined) return resolvePolicies(WORKERS);
  let settings: unknown;
  try {
    settings = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read policy file ${path}: ${(error as Error).message}`);
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new UsageError(`policy file ${path} must hold a JSON object`);
  }
  try {
    return resolvePolicies(WORKERS, settings as Record<string, unknown>);
  } catch (error) {
    if (error instanceof PolicyError) throw new UsageError(`policy file ${path}: ${error.message}`);
    throw error;
  }
}

/** `dealerflow replay --input F --output F`: exit 0 even with dead letters, 2 when F cannot be read. */
export async function runReplay(args: string[]): Promise<number> {
  const options = parseOptions(args, {
    input: { type: 'string' },
    output: { type: 'string' },
    policy: { type: 'string' },
  });
  const input = requireOption(options.input, 'input');
  const output = requireOption(options.output, 'output');
  const policies = await loadPolicies(options.policy);
  try {
    const stats = await replayFile(input, output, { policies });
    process.stderr.write(
      `replayed ${stats.lines} lines: ${stats.accepted} accepted, ${stats.duplicates} duplicates ignored, ` +
        `${stats.deadLettered} dead-lettered, ${stats.outputs} outputs written to ${output}\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ReplayFileError) {
      process.stderr.write(`dealerflow replay: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
