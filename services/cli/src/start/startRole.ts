/**
 * What a `dealerflow start` process runs (docs/runtime.md, "Processes on one database"): `all`, everything in one
 * process as always; `ingest`, the HTTP API (ingest and reads) without the tasks; `runner`, the tasks (workers,
 * dashboards' projector, notifier) with /healthz as its only HTTP. `ingest` and `runner` need PostgreSQL.
 */
export const START_ROLES = ['all', 'ingest', 'runner'] as const;

export type StartRole = (typeof START_ROLES)[number];

export function isStartRole(value: string): value is StartRole {
  return (START_ROLES as readonly string[]).includes(value);
}
