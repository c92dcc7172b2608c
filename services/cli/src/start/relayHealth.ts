import type { SqlExecutor } from '@dealerflow/db';
import { createHealthFromMemory, lagBehind, type HealthFromMemory, type HealthFromMemoryOptions } from '@dealerflow/runtime';

/** The name under which /healthz reports the input events not yet published to Kafka. */
export const INPUT_RELAY_LAG = 'input-relay';

export interface RelayHealthOptions extends Pick<HealthFromMemoryOptions, 'refreshMs' | 'unreachableAfterMs' | 'now'> {
  /** The background refresh reads the log's head and the relay's recorded position through it. */
  sql: SqlExecutor;
  /** The input relay of this process: how far it published, in memory. */
  relay: { latest(): number | undefined; relayed(): bigint | undefined };
}

/** `refresh` (start awaits one, so the first answer is right), `appended` after each ingest commit, `stop`. */
export type RelayHealth = Omit<HealthFromMemory, 'contacted'>;

/**
 * /healthz when the workers run as services on Kafka, answered from memory as the embedded runtime's
 * (docs/api.md, "Health"; createHealthFromMemory in @dealerflow/runtime does the bookkeeping for both): a probe
 * never waits for the database. This process applies nothing, so its lag is what the input relay has still to
 * publish (the log's head, kept by each ingest commit, less the relay's position, kept by each relay batch) and its
 * watermark the latest instant the relay published. Both are read again from the database every second in the
 * background (a restart, or another relay). Unhealthy means the database has not answered, an ingest commit or the
 * refresh, for `unreachableAfterMs`. The workers' own progress is theirs (docs/kafka.md).
 */
export function createRelayHealth(options: RelayHealthOptions): RelayHealth {
  let stored = 0n;
  const health = createHealthFromMemory({
    async read() {
      const [row] = await options.sql.query<{ head: bigint | null; relayed: bigint | null }>(
        `SELECT (SELECT max(seq) FROM input_log) AS head, (SELECT position FROM relay_position WHERE name = 'input') AS relayed`,
      );
      if (row?.relayed != null && row.relayed > stored) stored = row.relayed;
      return row?.head ?? null;
    },
    figures(head) {
      const relayed = options.relay.relayed();
      const position = relayed !== undefined && relayed > stored ? relayed : stored;
      return { lag: { [INPUT_RELAY_LAG]: lagBehind(head, position) }, watermark: options.relay.latest() };
    },
    refreshMs: options.refreshMs,
    unreachableAfterMs: options.unreachableAfterMs,
    now: options.now,
  });
  return { check: health.check, refresh: health.refresh, appended: health.appended, stop: health.stop };
}
