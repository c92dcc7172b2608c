import { readFile } from 'node:fs/promises';
import { WORKERS, type AnyWorker } from '@dealerflow/domain';
import { PolicyError } from './resolvePolicies';
import { resolveSettings, type ResolvedSettings } from './resolveSettings';

/**
 * The operators' settings file (docs/policy.md) as every process reads it — `dealerflow start`,
 * `dealerflow replay` and the worker services — so that they all compute with the same policy.
 * No file: every setting at its default. A file that cannot be read or parsed, or that names a key
 * no policy has, is a PolicyError naming the file (and the key's path and the keys that exist).
 */
export async function loadSettingsFile(path: string | undefined, workers: readonly AnyWorker[] = WORKERS): Promise<ResolvedSettings> {
  if (path === undefined) return resolveSettings(workers, {});
  let settings: unknown;
  try {
    settings = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new PolicyError(`cannot read policy file ${path}: ${(error as Error).message}`);
  }
  try {
    return resolveSettings(workers, settings);
  } catch (error) {
    if (error instanceof PolicyError) throw new PolicyError(`policy file ${path}: ${error.message}`);
    throw error;
  }
}
