import { loadSettingsFile, PolicyError, type ResolvedSettings } from '@dealerflow/runtime';
import { UsageError } from '../usage';
import { POLICY_ENV, type PolicyFile } from './policyFileOf';

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

/**
 * The settings of the file `policyFileOf` chose (or the defaults). A refusal of a file the environment named says
 * so (`DEALERFLOW_POLICY: policy file …`): the operator looking at the command line would not see it there.
 */
export async function loadPolicyFile(file: PolicyFile | undefined): Promise<ResolvedSettings> {
  try {
    return await loadSettings(file?.path);
  } catch (error) {
    if (error instanceof UsageError && file?.from === POLICY_ENV) throw new UsageError(`${POLICY_ENV}: ${error.message}`);
    throw error;
  }
}
