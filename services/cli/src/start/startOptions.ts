import type { IngestPolicy } from '@dealerflow/contracts';
import type { NotifyPolicy, WorkerName } from '@dealerflow/domain';
import type { StartRole } from './startRole';

export interface StartOptions {
  port: number;
  host: string;
  dataDir: string;
  demo: boolean;
  policies: Record<WorkerName, unknown>;
  notify: NotifyPolicy;
  /** What the door refuses beyond the schemas (the settings' `ingest` section); the defaults when absent. */
  ingest?: IngestPolicy;
  env: NodeJS.ProcessEnv;
  /** What this process runs (startRole.ts); `all` unless `--role` says otherwise. */
  role: StartRole;
}
