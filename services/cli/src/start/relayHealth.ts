import type { SqlExecutor } from '@dealerflow/db';
import { DatabaseUnreachableError, DEFAULT_HEALTH_REFRESH_MS, DEFAULT_UNREACHABLE_AFTER_MS, type HealthProbe, type RuntimeHealth } from '@dealerflow/runtime';

/** The name under which /healthz reports the input events not yet published to Kafka. */
export const INPUT_RELAY_LAG = 'input-relay';

export interface RelayHealthOptions {
  /** The background refresh reads the log's head and the relay's recorded position through it. */
  sql: SqlExecutor;
  /** The input relay of this process: how far it published, in memory. */
  relay: { latest(): number | undefined; relayed(): bigint | undefined };
  /** How often the figures are read again from the database in the background. Default 1 000 ms. */
  refreshMs?: number;
  /** How long without an answer from the database before `check` says it is unreachable. Default 30 000 ms. */
  unreachableAfterMs?: number;
  now?: () => number;
}

export interface RelayHealth extends HealthProbe {
  /** Reads the figures from the database now (start awaits one, so the first answer is right). */
  refresh(): Promise<void>;
  /** Ingest committed: the database answered, and the log reaches `lastSeq` (null: it added nothing). */
  appended(lastSeq: bigint | null): void;
  stop(): void;
}

/**
 * /healthz when the workers run as services on Kafka, answered from memory as the embedded runtime's
 * (docs/api.md, "Health"): a probe never waits for the database. This process applies nothing, so its
 * lag is what the input relay has still to publish (the log's head, kept by each ingest commit, less
 * the relay's position, kept by each relay batch) and its watermark the latest instant the relay
 * published. Both are read again from the database every second in the background (a restart, or
 * another relay). Unhealthy means the database has not answered, an ingest commit or the refresh,
 * for `unreachableAfterMs`. The workers' own progress is theirs (docs/kafka.md).
 */
export function createRelayHealth(options: RelayHealthOptions): RelayHealth {
  const now = options.now ?? Date.now;
  const unreachableAfterMs = options.unreachableAfterMs ?? DEFAULT_UNREACHABLE_AFTER_MS;
  let head = 0n;
  let stored = 0n;
  let lastContact = now();
  let lastError: unknown;
  let refreshing: Promise<void> | undefined;

  function contact(): void {
    lastContact = now();
    lastError = undefined;
  }

  async function readDatabase(): Promise<void> {
    try {
      const [row] = await options.sql.query<{ head: bigint | null; relayed: bigint | null }>(
        `SELECT (SELECT max(seq) FROM input_log) AS head, (SELECT position FROM relay_position WHERE name = 'input') AS relayed`,
      );
      contact();
      if (row?.head != null && row.head > head) head = row.head;
      if (row?.relayed != null && row.relayed > stored) stored = row.relayed;
    } catch (error) {
      lastError = error;
    }
  }

  function refresh(): Promise<void> {
    refreshing ??= readDatabase().finally(() => (refreshing = undefined));
    return refreshing;
  }

  const timer = setInterval(() => void refresh(), options.refreshMs ?? DEFAULT_HEALTH_REFRESH_MS);
  timer.unref();

  return {
    async check(): Promise<RuntimeHealth> {
      const silentMs = now() - lastContact;
      if (silentMs >= unreachableAfterMs) {
        const why = lastError instanceof Error ? `: ${lastError.message}` : '';
        throw new DatabaseUnreachableError(`the database has not answered for ${Math.round(silentMs / 1000)} s${why}`);
      }
      const relayed = options.relay.relayed();
      const position = relayed !== undefined && relayed > stored ? relayed : stored;
      const watermark = options.relay.latest();
      return {
        watermark: watermark === undefined ? null : new Date(watermark).toISOString(),
        lag: { [INPUT_RELAY_LAG]: head > position ? Number(head - position) : 0 },
        lastDatabaseContact: new Date(lastContact).toISOString(),
      };
    },
    refresh,
    appended(lastSeq) {
      contact();
      if (lastSeq !== null && lastSeq > head) head = lastSeq;
    },
    stop() {
      clearInterval(timer);
    },
  };
}
