/** The variable the Kafka worker services read their settings file from (packages/bus-kafka, workerService.ts). */
export const POLICY_ENV = 'DEALERFLOW_POLICY';

/** The operators' settings file of a process, and what named it: the command line or the environment. */
export interface PolicyFile {
  path: string;
  from: '--policy' | typeof POLICY_ENV;
}

/**
 * `dealerflow start`'s settings file: `--policy` when given, else DEALERFLOW_POLICY as the worker services read it
 * (blank counts as unset), else none (every setting at its default). A deployment then names the file once, in the
 * environment every process shares; a flag on one command line still overrides it, as flags do.
 */
export function policyFileOf(option: string | undefined, env: NodeJS.ProcessEnv): PolicyFile | undefined {
  if (option !== undefined) return { path: option, from: '--policy' };
  const path = env[POLICY_ENV]?.trim();
  return path ? { path, from: POLICY_ENV } : undefined;
}

/** The start log line's fields: which file the process computes with and what named it, or `defaults`. */
export function policyLogFields(file: PolicyFile | undefined): { policy: string; policyFrom?: PolicyFile['from'] } {
  return file === undefined ? { policy: 'defaults' } : { policy: file.path, policyFrom: file.from };
}
