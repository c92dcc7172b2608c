import { loadSettingsFile, PolicyError, type ResolvedSettings } from '@dealerflow/runtime';
import { UsageError } from '../usage';

/**
 * Operator settings from a JSON file (docs/policy.md): one section per worker and `notify` for the
 * notifier. Every value is validated and every key must exist (a misspelt one is refused with its
 * path); anything not given keeps its default. The worker services read the file through the same
 * loader (`loadSettingsFile`), so every process computes with the same policy.
 */
export async function loadSettings(path: string | undefined): Promise<ResolvedSettings> {
  try {
    return await loadSettingsFile(path);
  } catch (error) {
    if (error instanceof PolicyError) throw new UsageError(error.message);
    throw error;
  }
}
