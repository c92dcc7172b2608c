import { Partitioners, type Kafka, type Message, type Producer, type TopicMessages } from 'kafkajs';
import { INPUT_TOPIC, type InputEvent } from '@dealerflow/contracts';
import type { SqlClient, SqlExecutor } from '@dealerflow/db';
import { isReferenceEvent } from '@dealerflow/domain';
import { cutRelayRead, idleBound, partitionsOf, type RuntimeLogger } from '@dealerflow/runtime';
import { fetchPartitionCounts } from './partitionCounts';
import { PROGRESS_HEADER, SEQUENCE_HEADER } from './topics';

export interface InputRelayOptions {
  kafka: Kafka;
  sql: SqlClient;
  logger: RuntimeLogger;
  /** Input events per send (default 2 000). */
  batchSize?: number;
}

/**
 * The reference topic is compacted: a product or a program keeps its latest version, but every
 * warehouse report is kept (lateness is explained by what was available then).
 */
function referenceKey(event: Extract<InputEvent, { type: 'product.upserted' | 'rebate.program.upserted' | 'warehouse.stock.reported' | 'calendar.holidays.published' | 'sales.totals.published' | 'fx.rate.published' }>): string {
  switch (event.type) {
    case 'product.upserted':
      return `product:${event.data.sku}`;
    case 'rebate.program.upserted':
      return `program:${event.data.programId}`;
    case 'warehouse.stock.reported':
      return `warehouse:${event.eventId}`;
    case 'sales.totals.published':
      return `sales:${event.data.month}`;
    case 'calendar.holidays.published':
      return `calendar:${event.data.calendarId}`;
    case 'fx.rate.published':
      return `fx:${event.data.base}/${event.data.quote}`;
  }
}

/** The records one input event becomes: keyed by dealer, stamped with its log sequence. */
function recordsOf(event: InputEvent, body: string, seq: bigint, partitions: number): Message[] {
  const headers = { [SEQUENCE_HEADER]: String(seq) };
  const key = isReferenceEvent(event) ? referenceKey(event) : event.type === 'clock.tick' ? null : event.dealerId;
  // The one rule of where an event goes (partitionsOf): the in-process bus and its tests follow it too.
  return partitionsOf(event, partitions).map((partition) => ({ key, value: body, partition, headers }));
}

/** A progress marker for every partition of every input topic: what the tasks' merge may release. */
function markersOf(counts: ReadonlyMap<string, number>, bound: number): TopicMessages[] {
  const value = JSON.stringify({ progress: bound });
  return [...counts].map(([topic, partitions]) => ({
    topic,
    // Keyed: the master and reference topics are compacted (a marker only matters while it is fresh).
    messages: Array.from({ length: partitions }, (_, partition) => ({ key: 'dealerflow-progress', value, partition, headers: { [PROGRESS_HEADER]: String(bound) } })),
  }));
}

/**
 * Publishes the input log to Kafka's input topics, in log order. Ingest stays what it is (validated,
 * de-duplicated, durable in the input log before the producer hears "accepted"); the relay then
 * sends each event to its topic — a dealer's to its dealer's partition, a tick to every partition,
 * reference data to the one partition every task reads — with the log's sequence in a header, and
 * records how far it got. A crash between a send and that record sends some events again; tasks drop
 * them by the sequence (a partition's sequences only grow: one relay, one producer, in order).
 *
 * After each batch it writes a progress marker to every partition: no event it sends later is earlier
 * than the marker's instant (the log is in event-time order; a batch never ends inside a run of one
 * instant unless it reached the end of the log). Tasks release what is older than every partition's
 * marker, so a partition that only looks caught up, because its share of the batch is still on its
 * way, never lets other partitions' later events overtake it. When the log stays quiet, `markIdle`
 * promises the latest instant complete.
 */
export function createInputRelay(options: InputRelayOptions) {
  const logger = options.logger.child({ component: 'input-relay' });
  const batchSize = options.batchSize ?? 2_000;
  const producer: Producer = options.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
  let counts: Map<string, number>;
  /** The latest instant sent, and whether the idle marker for it went out. */
  let latest: number | undefined;
  let idleMarked = false;
  /** The input log's seq through which this relay has published (health reads it from memory). */
  let relayed: bigint | undefined;

  async function position(tx: SqlExecutor): Promise<bigint> {
    const rows = await tx.query<{ position: bigint }>(`SELECT position FROM relay_position WHERE name = 'input'`);
    return rows[0]?.position ?? 0n;
  }

  /** The instant of the last event a relay published (before a restart), or undefined. */
  async function lastRelayed(): Promise<number | undefined> {
    const rows = await options.sql.query<{ occurred_at: Date }>(
      `SELECT i.occurred_at FROM relay_position r JOIN input_log i ON i.seq = r.position WHERE r.name = 'input'`,
    );
    return rows[0] === undefined ? undefined : new Date(rows[0].occurred_at).getTime();
  }

  /** One batch, in a transaction holding the relay's advisory lock (a second relay on the log sends nothing). */
  async function relayLocked(tx: SqlExecutor): Promise<number> {
    const [lock] = await tx.query<{ locked: boolean }>(`SELECT pg_try_advisory_xact_lock(hashtext('dealerflow.input-relay')::bigint) AS locked`);
    if (!lock?.locked) return 0;
    const after = await position(tx);
    const rows = await tx.query<{ seq: bigint; body: string }>(
      `SELECT seq, body FROM input_log WHERE seq > $1::bigint ORDER BY seq LIMIT $2::int`,
      [String(after), batchSize],
    );
    if (rows.length === 0) return 0;
    const events = rows.map((row) => JSON.parse(row.body) as InputEvent);
    const cut = cutRelayRead(events.map((event) => Date.parse(event.occurredAt)), rows.length < batchSize)!;
    const byTopic = new Map<string, Message[]>();
    for (let index = 0; index < cut.publish; index += 1) {
      const row = rows[index]!;
      const event = events[index]!;
      const topic = INPUT_TOPIC[event.type];
      const list = byTopic.get(topic) ?? [];
      list.push(...recordsOf(event, row.body, row.seq, counts.get(topic) ?? 1));
      byTopic.set(topic, list);
    }
    const topicMessages: TopicMessages[] = [...byTopic].map(([topic, messages]) => ({ topic, messages }));
    await producer.sendBatch({ topicMessages: [...topicMessages, ...markersOf(counts, cut.bound)], acks: -1 });
    for (let index = 0; index < cut.publish; index += 1) latest = Math.max(latest ?? Number.NEGATIVE_INFINITY, Date.parse(events[index]!.occurredAt));
    idleMarked = false;
    const last = rows[cut.publish - 1]!.seq;
    await tx.query(
      `INSERT INTO relay_position (name, position, updated_at) VALUES ('input', $1::bigint, now())
       ON CONFLICT (name) DO UPDATE SET position = EXCLUDED.position, updated_at = EXCLUDED.updated_at`,
      [String(last)],
    );
    relayed = last;
    logger.info({ events: cut.publish, through: String(last) }, 'input relayed');
    return cut.publish;
  }

  return {
    async start(): Promise<void> {
      counts = await fetchPartitionCounts(options.kafka, Object.values(INPUT_TOPIC));
      // After a restart the tasks may still wait on the latest instant: the next quiet spell promises it.
      latest = await lastRelayed();
      await producer.connect();
    },

    /** Sends the next batch of the log; returns how many events it sent (0 when caught up, or another relay holds the log). */
    relayBatch: (): Promise<number> => options.sql.transaction(relayLocked),

    /** The instant of the latest event published: how far the workers can have got in event time. */
    latest: (): number | undefined => latest,

    /** The input log's seq through which this relay published, as far as this process knows (undefined before its first batch). */
    relayed: (): bigint | undefined => relayed,

    /** The log stayed quiet: promise that the latest instant sent is complete (once per quiet spell). */
    async markIdle(): Promise<void> {
      if (latest === undefined || idleMarked) return;
      await producer.sendBatch({ topicMessages: markersOf(counts, idleBound(latest)), acks: -1 });
      idleMarked = true;
    },

    async stop(): Promise<void> {
      await producer.disconnect();
    },
  };
}

export type InputRelay = ReturnType<typeof createInputRelay>;
