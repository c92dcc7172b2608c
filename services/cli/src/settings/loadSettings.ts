import { readFile } from 'node:fs/promises';
import { WORKERS } from '@dealerflow/domain';
import { PolicyError, resolveSettings, type ResolvedSettings } from '@dealerflow/runtime';
import { UsageError } from '../usage';

/**
 * Operator settings from a JSON file (docs/policy.md): one section per worker and `notify` for the
 * notifier. Every value is validated and every key must exist (a misspelt one is refused with its
 * path); anything not given keeps its default.
 */
export async function loadSettings(path: string | undefined): Promise<ResolvedSettings> {
  if (path === undefined) return resolveSettings(WORKERS, {});
  let settings: unknown;
  try {
    settings = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read policy file ${path}: ${(error as Error).message}`);
  }
  try {
    return resolveSettings(WORKERS, settings);
  } catch (error) {
    if (error instanceof PolicyError) throw new UsageError(`policy file ${path}: ${error.message}`);
    throw error;
  }
}
