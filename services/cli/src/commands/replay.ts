import { readFile } from 'node:fs/promises';
import { describeIssues } from '@dealerflow/contracts';
import { defaultNotifyPolicy, notifyPolicySchema, WORKERS, type NotifyPolicy, type WorkerName } from '@dealerflow/domain';
import { ReplayFileError, PolicyError, replayFile, resolvePolicies } from '@dealerflow/runtime';
import { parseOptions, requireOption, UsageError } from '../usage';

/**
 * Operator settings from a JSON file: one section per worker (`{ "credit": {...}, "stock": {...} }`)
 * and `notify` for the notifier. Every value is validated; anything not given keeps its default.
 */
export async function loadSettings(path: string | undefined): Promise<{ policies: Record<WorkerName, unknown>; notify: NotifyPolicy }> {
  if (path === undefined) return { policies: resolvePolicies(WORKERS), notify: defaultNotifyPolicy };
  let settings: unknown;
  try {
    settings = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read policy file ${path}: ${(error as Error).message}`);
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings)) {
    throw new UsageError(`policy file ${path} must hold a JSON object`);
  }
  const { notify, ...workerSettings } = settings as Record<string, unknown>;
  const notifyPolicy = notifyPolicySchema.safeParse(notify ?? {});
  if (!notifyPolicy.success) throw new UsageError(`policy file ${path}: policy "notify": ${describeIssues(notifyPolicy.error.issues)}`);
  try {
    return { policies: resolvePolicies(WORKERS, workerSettings), notify: notifyPolicy.data };
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
  const { policies } = await loadSettings(options.policy);
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
