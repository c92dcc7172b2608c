import type { Mutex } from 'async-mutex';
import type { DealerProfile, OutputEvent } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import {
  initialNotifyState,
  planNotifications,
  type NotificationPlan,
  type NotificationPreferences,
  type NotifyPolicy,
  type NotifyState,
  type ProgramEntry,
  type ProgramInfo,
} from '@dealerflow/domain';
import { createPollingLoop, insertOutputs, type LogLockScope, type RuntimeLogger } from '@dealerflow/runtime';
import type { DeliveryError } from '../deliveryErrors';
import type { DeliveryChannel, DeliveryJob } from '../deliveryJob';
import type { DeliveryHandler, DeliveryQueue } from '../queue/deliveryQueue';
import { deliveryJobOf } from './deliveryJobOf';
import { requestedOutput } from './notificationOutputs';
import { createCoalescedWrites } from '../coalescedWrites';
import { runLogTransaction } from './logTransaction';
import { insertNotifications, saveNotifyStates, writeOutcomes, type Outcome, type RecordedOutcome } from './notificationRecords';

export const NOTIFIER_CHECKPOINT = 'notifier';

export interface NotifierConsumerOptions {
  prisma: PrismaClient;
  /** The runtime's lock on the logs: notification outputs are appended to `output_log` too. */
  writeLock: Mutex;
  /** Built with this consumer's `outcomes` (see `createNotifierConsumer`). */
  queue: DeliveryQueue;
  handler: DeliveryHandler;
  policy: NotifyPolicy;
  /** The channels the notifier sends on (email is off without SMTP); others are not planned. Default: all. */
  channels?: readonly DeliveryChannel[];
  /** The pipeline's event time: a message held for quiet hours is released when it passes `notBefore`. */
  watermark: () => number | undefined;
  logger: RuntimeLogger;
  /** How long its transactions hold `writeLock`: the runtime's `lockScope` (default `batch`, PGlite's). */
  lockScope?: LogLockScope;
  /** Output rows read per batch at most (default 5 000), passed-over ones included. */
  batchSize?: number;
  idlePollMs?: number;
}

interface OutputRow {
  seq: bigint;
  /** null for a row of a topic the notifier passes over. */
  line: string | null;
}

/** Topics whose outputs nobody is notified of: the notifier's own outcomes, and dead letters. */
const PASSED_OVER_TOPICS = ['dealer.notifications.v1', 'dealer.dead-letter.v1'];

/**
 * The notifier's consumer: reads the output log from its checkpoint, decides with the domain who
 * hears what, and in one transaction records each new notification (unique by idempotency key: the
 * same fact is never planned twice for an audience and channel), its `notification.requested`
 * output, the planner's state and the new checkpoint. Only then are the messages queued; outcomes
 * are recorded by `onDelivered` / `onFailed`. At start, notifications still pending are queued
 * again, so a restart loses nothing; a message already delivered is never queued again.
 */
export function createNotifierConsumer(options: Omit<NotifierConsumerOptions, 'queue' | 'handler'>) {
  const { prisma, writeLock, policy } = options;
  const lockScope = options.lockScope ?? 'batch';
  const logger = options.logger.child({ component: 'notifier' });
  const batchSize = options.batchSize ?? 5000;
  const idlePollMs = options.idlePollMs ?? 250;
  let queue: DeliveryQueue | undefined;

  async function checkpoint(): Promise<bigint> {
    const rows = await prisma.$queryRawUnsafe<{ input_seq: bigint }[]>(
      `SELECT input_seq FROM worker_checkpoint WHERE worker = $1`,
      NOTIFIER_CHECKPOINT,
    );
    return rows[0]?.input_seq ?? 0n;
  }

  /**
   * Outputs after the checkpoint, never splitting the outputs of one input event (a digest needs
   * them all). The notifier's own outputs and dead letters are passed over in the database (their
   * lines are not even sent): they outnumber what it acts on several times.
   */
  async function nextOutputs(after: bigint): Promise<{ outputs: OutputEvent[]; lastSeq: bigint; read: number } | undefined> {
    const rows = await prisma.$queryRawUnsafe<OutputRow[]>(
      `SELECT seq, CASE WHEN topic = ANY($3::text[]) THEN NULL ELSE line END AS line
         FROM output_log WHERE seq > $1::bigint ORDER BY seq LIMIT $2::int`,
      String(after),
      batchSize,
      PASSED_OVER_TOPICS,
    );
    const last = rows[rows.length - 1];
    if (!last) return undefined;
    const parsed = rows.flatMap((row) => (row.line === null ? [] : [{ seq: row.seq, output: JSON.parse(row.line) as OutputEvent }]));
    if (rows.length === batchSize && parsed.length > 0) {
      const lastCause = causeOf(parsed[parsed.length - 1]!.output);
      const cut = parsed.findIndex((row) => causeOf(row.output) === lastCause);
      // The next batch starts with the last cause's outputs (and re-reads the passed-over rows among them).
      if (cut > 0) return { outputs: parsed.slice(0, cut).map((row) => row.output), lastSeq: parsed[cut - 1]!.seq, read: rows.length };
    }
    return { outputs: parsed.map((row) => row.output), lastSeq: last.seq, read: rows.length };
  }

  async function loadContext(dealerIds: string[]) {
    const [globals, states, preferences] = await Promise.all([
      prisma.$queryRawUnsafe<{ key: string; value: string }[]>(
        `SELECT key, value FROM global_state WHERE key IN ('pipeline.dealers', 'pipeline.programs')`,
      ),
      prisma.$queryRawUnsafe<{ dealer_id: string; state: string }[]>(
        `SELECT dealer_id, state FROM worker_state WHERE worker = $1 AND dealer_id = ANY($2::text[])`,
        NOTIFIER_CHECKPOINT,
        dealerIds,
      ),
      prisma.$queryRawUnsafe<{ dealer_id: string; document: string }[]>(
        `SELECT dealer_id, document FROM notification_preferences WHERE dealer_id = ANY($1::text[])`,
        dealerIds,
      ),
    ]);
    const dealers = new Map<string, DealerProfile>(JSON.parse(globals.find((row) => row.key === 'pipeline.dealers')?.value ?? '[]'));
    const programs: Record<string, ProgramInfo> = {};
    for (const [programId, entry] of JSON.parse(globals.find((row) => row.key === 'pipeline.programs')?.value ?? '[]') as [string, ProgramEntry][]) {
      programs[programId] = { name: entry.program.name, basis: entry.program.basis };
    }
    return {
      dealers,
      programs,
      states: new Map(states.map((row) => [row.dealer_id, row.state])),
      preferences: new Map(preferences.map((row) => [row.dealer_id, JSON.parse(row.document) as NotificationPreferences])),
    };
  }

  /** Plans, records and queues the next batch of outputs; returns how many output rows it read. */
  async function runBatch(): Promise<number> {
    const batch = await nextOutputs(await checkpoint());
    if (!batch) return 0;
    const byDealer = new Map<string, OutputEvent[]>();
    for (const output of batch.outputs) {
      if (output.dealerId === undefined) continue;
      const list = byDealer.get(output.dealerId) ?? [];
      list.push(output);
      byDealer.set(output.dealerId, list);
    }
    const context = await loadContext([...byDealer.keys()]);
    const planned: { plan: NotificationPlan; job: DeliveryJob; occurredAt: string }[] = [];
    const changedStates: { dealerId: string; text: string }[] = [];
    for (const [dealerId, outputs] of byDealer) {
      const before = context.states.get(dealerId);
      const state: NotifyState = before ? JSON.parse(before) : initialNotifyState();
      const dealer = context.dealers.get(dealerId);
      const result = planNotifications(state, outputs, {
        dealer,
        preferences: context.preferences.get(dealerId),
        policy,
        programs: context.programs,
        ...(options.channels === undefined ? {} : { channels: options.channels }),
      });
      const after = JSON.stringify(result.state);
      if (after !== (before ?? JSON.stringify(initialNotifyState()))) changedStates.push({ dealerId, text: after });
      const byId = new Map(outputs.map((output) => [output.eventId, output]));
      for (const plan of result.plans) {
        const covered = plan.outputEventIds.map((id) => byId.get(id)!);
        planned.push({ plan, job: deliveryJobOf(plan, covered, dealer), occurredAt: covered[0]!.occurredAt });
      }
    }
    const created = await runLogTransaction(prisma, writeLock, lockScope, async (tx, beforeOutputs) => {
      const inserted = await insertNotifications(tx, planned);
      const fresh = planned.filter(({ plan }) => inserted.has(plan.notificationId));
      await saveNotifyStates(tx, changedStates);
      await tx.$executeRawUnsafe(
        `INSERT INTO worker_checkpoint (worker, input_seq, updated_at) VALUES ($1, $2::bigint, now())
         ON CONFLICT (worker) DO UPDATE SET input_seq = EXCLUDED.input_seq, updated_at = EXCLUDED.updated_at`,
        NOTIFIER_CHECKPOINT,
        String(batch.lastSeq),
      );
      await beforeOutputs();
      await insertOutputs(tx, fresh.map(({ plan, occurredAt }) => requestedOutput(plan, occurredAt)));
      return fresh;
    });
    // Together, so a backend that batches (BullMQ's addBulk) sends the batch's plans in one write.
    await Promise.all(created.filter(({ plan }) => plan.notBefore === null).map(({ job }) => queue!.enqueue(job)));
    if (created.length > 0) logger.info({ notifications: created.length, outputs: batch.outputs.length }, 'notifications planned');
    return batch.read;
  }

  /** Queues the messages held for quiet hours whose time has come (in event time). */
  async function releaseHeld(): Promise<void> {
    const watermark = options.watermark();
    if (watermark === undefined) return;
    const rows = await prisma.$queryRawUnsafe<{ job: string }[]>(
      `UPDATE notification SET status = 'pending', updated_at = now()
        WHERE status = 'held' AND not_before <= $1::timestamptz RETURNING job`,
      new Date(watermark).toISOString(),
    );
    await Promise.all(rows.map((row) => queue!.enqueue(JSON.parse(row.job) as DeliveryJob)));
  }

  // Outcomes arrive from many concurrent deliveries: those that arrive together are written in one
  // statement and one transaction. Each caller's promise resolves only after that commit, so the
  // queue still lets go of a job only once its outcome is recorded.
  const writeOutcome = createCoalescedWrites<RecordedOutcome>((batch) =>
    runLogTransaction(prisma, writeLock, lockScope, (tx, beforeOutputs) => writeOutcomes(tx, batch, beforeOutputs)),
  );

  function recordOutcome(job: DeliveryJob, outcome: Outcome): Promise<void> {
    if (outcome.kind === 'failed') logger.warn({ notificationId: job.notificationId, channel: job.channel, error: outcome.error }, 'notification failed');
    return writeOutcome({ job, outcome });
  }

  const loop = createPollingLoop({
    async step() {
      const read = await runBatch();
      await releaseHeld();
      return read;
    },
    idlePollMs,
    onFailure: (error, failures) => logger.error({ err: error, failures }, 'notifier batch failed; retrying from its checkpoint'),
  });

  return {
    /** What the queue reports back: give these to the queue's constructor. */
    outcomes: {
      onDelivered: (job: DeliveryJob, attempts: number) => recordOutcome(job, { kind: 'delivered', attempts }),
      onFailed: (job: DeliveryJob, attempts: number, error: DeliveryError) => recordOutcome(job, { kind: 'failed', attempts, error: error.message }),
    },
    /** Queues what is still pending from before (a restart), starts the queue and the consumer loop. */
    async start(deliveryQueue: DeliveryQueue, handler: DeliveryHandler): Promise<void> {
      queue = deliveryQueue;
      const pending = await prisma.$queryRawUnsafe<{ job: string }[]>(
        `SELECT job FROM notification WHERE status = 'pending' ORDER BY created_at, notification_id`,
      );
      await Promise.all(pending.map((row) => deliveryQueue.enqueue(JSON.parse(row.job) as DeliveryJob)));
      if (pending.length > 0) logger.info({ pending: pending.length }, 'pending notifications queued again');
      await queue.start(handler);
      loop.start();
    },
    /** New outputs were committed: stop sleeping. */
    wake: loop.wake,
    /** Plans until the output log is caught up and releases what is due (tests, the benchmark). */
    async drain(): Promise<void> {
      while ((await runBatch()) > 0) {
        // keep going
      }
      await releaseHeld();
    },
    /** Stops reading, lets the messages in hand finish and record their outcome. */
    async stop(): Promise<void> {
      await loop.stop();
      await queue?.close();
    },
  };
}

export type NotifierConsumer = ReturnType<typeof createNotifierConsumer>;

function causeOf(output: OutputEvent): string {
  return (output.data as { causedBy?: string }).causedBy ?? output.eventId;
}
