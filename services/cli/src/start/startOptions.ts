import type { IngestPolicy } from '@dealerflow/contracts';
import type { NotifyPolicy } from '@dealerflow/domain';
import type { ResolvedSettings } from '@dealerflow/runtime';
import type { PolicyFile } from '../settings/policyFileOf';
import type { StartRole } from './startRole';

export interface StartOptions {
  port: number;
  host: string;
  dataDir: string;
  demo: boolean;
  /** Each worker's policy and the company's calendar (`policies.calendar`), as resolveSettings gives them. */
  policies: ResolvedSettings['policies'];
  notify: NotifyPolicy;
  /** The settings file the policies came from and what named it (--policy or DEALERFLOW_POLICY); none: the defaults. */
  policyFile?: PolicyFile;
  /** What the door refuses beyond the schemas (the settings' `ingest` section); the defaults when absent. */
  ingest?: IngestPolicy;
  env: NodeJS.ProcessEnv;
  /** What this process runs (startRole.ts); `all` unless `--role` says otherwise. */
  role: StartRole;
}
