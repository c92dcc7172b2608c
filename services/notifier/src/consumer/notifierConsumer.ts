import type { Mutex } from 'async-mutex';
import { OUTPUT_TOPIC, TOPICS, type OutputEvent } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import {
  initialNotifyState,
  planNotifications,
  type CalendarPolicy,
  type NotificationPlan,
  type NotificationPreferences,
  type NotifyPolicy,
  type NotifyState,
  type ProgramInfo,
} from '@dealerflow/domain';
import {
  createPollingLoop,
  insertOutputs,
  positionsHoldingBack,
  type Directory,
  type LogLockScope,
  type OutputSource,
  type RuntimeLogger,
} from '@dealerflow/runtime';
import type { DeliveryError } from '../deliveryErrors';
import type { DeliveryChannel, DeliveryJob } from '../deliveryJob';
import type { DeliveryHandler, DeliveryQueue } from '../queue/deliveryQueue';
import { deliveryJobOf } from './deliveryJobOf';
import { requestedOutput } from './notificationOutputs';
import { createCoalescedWrites } from '../coalescedWrites';
import { lastCauseHeldBack } from './lastCauseHeldBack';
import { runLogTransaction } from './logTransaction';
import { insertNotifications, loadNotifyStates, saveNotifyStates, statusesOf, writeOutcomes, type Outcome, type RecordedOutcome } from './notificationRecords';

/** The notifier's consumer name on the output source. */
export const NOTIFIER_CONSUMER = 'notifier';

/** Topics whose outputs nobody is notified of: the notifier's own outcomes, and dead letters. */
const PASSED_OVER_TOPICS: readonly string[] = [TOPICS.notifications, TOPICS.deadLetter];

/** The workers' output topics: what the notifier reads. */
export const NOTIFIED_TOPICS = [...new Set(Object.values(OUTPUT_TOPIC))].filter((topic) => !PASSED_OVER_TOPICS.includes(topic));

export interface NotifierConsumerOptions {
  prisma: PrismaClient;
  /** The runtime's lock on the logs: notification outputs are appended to `output_log` too. */
  writeLock: Mutex;
  /** Where the workers' outputs are read from (the output source port). */
  outputs: OutputSource;
  /** Dealer profiles and rebate programs (the directory port). */
  directory: Directory;
  /** Built with this consumer's `outcomes` (see `createNotifierConsumer`). */
  queue: DeliveryQueue;
  handler: DeliveryHandler;
  policy: NotifyPolicy;
  /** The company's calendar (settings `calendar`): quiet hours of a dealer without a zone of its own are in its zone. */
  calendar?: CalendarPolicy;
  /** The channels the notifier sends on (email is off without SMTP); others are not planned. Default: all. */
  channels?: readonly DeliveryChannel[];
  /** The pipeline's event time: a message held for quiet hours is released when it passes `notBefore`. */
  watermark: () => number | undefined;
  logger: RuntimeLogger;
  /** How long its transactions hold `writeLock`: the runtime's `lockScope` (default `batch`, PGlite's). */
  lockScope?: LogLockScope;
  /** Outputs read per batch at most (default 5 000), passed-over ones included. */
  batchSize?: number;
  idlePollMs?: number;
}

/**
 * The notifier's consumer: reads the workers' outputs from the output source (its own position),
 * decides with the domain who hears what, and in one transaction records each new notification
 * (unique by idempotency key: the same fact is never planned twice for an audience and channel), its
 * `notification.requested` output and the planner's state; then it commits its position, and only
 * then are the messages queued; outcomes are recorded by `onDelivered` / `onFailed`. The source
 * delivers at least once: a batch read again after a crash finds its notifications recorded and
 * plans nothing new. At start, notifications still pending are queued again, so a restart loses
 * nothing; a message already delivered is never queued again. It needs no order across dealers or
 * topics: a digest is one input event's stock alerts (one dealer, one topic), a near-tier notice
 * follows one dealer's accruals.
 */
export function createNotifierConsumer(options: Omit<NotifierConsumerOptions, 'queue' | 'handler'>) {
  const { prisma, writeLock, policy, directory } = options;
  const lockScope = options.lockScope ?? 'batch';
  const logger = options.logger.child({ component: 'notifier' });
  const consumer = options.outputs.consumer({ name: NOTIFIER_CONSUMER, topics: NOTIFIED_TOPICS, batchSize: options.batchSize ?? 5000 });
  const idlePollMs = options.idlePollMs ?? 250;
  let queue: DeliveryQueue | undefined;

  async function loadContext(dealerIds: string[]) {
    const [dealers, programEntries, states, preferences] = await Promise.all([
      directory.profiles(dealerIds),
      directory.programs(),
      loadNotifyStates(prisma, dealerIds),
      prisma.$queryRawUnsafe<{ dealer_id: string; document: string }[]>(
        `SELECT dealer_id, document FROM notification_preferences WHERE dealer_id = ANY($1::text[])`,
        dealerIds,
      ),
    ]);
    const programs: Record<string, ProgramInfo> = {};
    for (const [programId, entry] of programEntries) programs[programId] = { name: entry.program.name, basis: entry.program.basis };
    return {
      dealers,
      programs,
      states,
      preferences: new Map(preferences.map((row) => [row.dealer_id, JSON.parse(row.document) as NotificationPreferences])),
    };
  }

  /** Plans, records and queues the next batch of outputs; returns how many outputs it read. */
  async function runBatch(): Promise<number> {
    const batch = await consumer.read();
    if (batch.read === 0) return 0;
    const heldBack = lastCauseHeldBack(batch);
    const byDealer = new Map<string, OutputEvent[]>();
    for (const { event: output } of batch.records) {
      if (output.dealerId === undefined || heldBack.has(output.eventId)) continue;
      const list = byDealer.get(output.dealerId) ?? [];
      list.push(output);
      byDealer.set(output.dealerId, list);
    }
    const planned: { plan: NotificationPlan; job: DeliveryJob; occurredAt: string }[] = [];
    const changedStates: { dealerId: string; text: string }[] = [];
    if (byDealer.size > 0) {
      const context = await loadContext([...byDealer.keys()]);
      for (const [dealerId, outputs] of byDealer) {
        const before = context.states.get(dealerId);
        const state: NotifyState = before ? JSON.parse(before) : initialNotifyState();
        const dealer = context.dealers.get(dealerId);
        const result = planNotifications(state, outputs, {
          dealer,
          preferences: context.preferences.get(dealerId),
          policy,
          ...(options.calendar === undefined ? {} : { calendar: options.calendar }),
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
    }
    const created =
      planned.length === 0 && changedStates.length === 0
        ? []
        : await runLogTransaction(prisma, writeLock, lockScope, async (tx, beforeOutputs) => {
            const inserted = await insertNotifications(tx, planned);
            const fresh = planned.filter(({ plan }) => inserted.has(plan.notificationId));
            await saveNotifyStates(tx, changedStates);
            await beforeOutputs();
            await insertOutputs(tx, fresh.map(({ plan, occurredAt }) => requestedOutput(plan, occurredAt)));
            return fresh;
          });
    await consumer.commit(positionsHoldingBack(batch, batch.records.filter((record) => heldBack.has(record.event.eventId))));
    // Together, so a backend that batches (BullMQ's addBulk) sends the batch's plans in one write.
    await Promise.all(created.filter(({ plan }) => plan.notBefore === null).map(({ job }) => queue!.enqueue(job)));
    if (created.length > 0) logger.info({ notifications: created.length, outputs: batch.records.length }, 'notifications planned');
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
    return writeOutcome({ job, outcome }).catch((error: unknown) => {
      // The queue tries again later, and lets go after its last attempt: the row stays pending until the next start.
      logger.warn({ notificationId: job.notificationId, channel: job.channel, outcome: outcome.kind, err: error }, 'notification outcome not recorded');
      throw error;
    });
  }

  /** The record's word on what is still owed (status pending); one the record does not know is named at warn. */
  async function stillOwed(notificationIds: readonly string[]): Promise<boolean[]> {
    const statuses = await statusesOf(prisma, notificationIds);
    return notificationIds.map((notificationId) => {
      const status = statuses.get(notificationId);
      if (status === undefined || status === 'held') {
        logger.warn({ notificationId, status: status ?? 'absent' }, 'queued notification not owed by the database: not sent');
      }
      return status === 'pending';
    });
  }

  const loop = createPollingLoop({
    async step() {
      const read = await runBatch();
      await releaseHeld();
      return read;
    },
    idlePollMs,
    onFailure: (error, failures) => logger.error({ err: error, failures }, 'notifier batch failed; retrying from its position'),
  });

  return {
    /** What the queue reports back: give these to the queue's constructor. */
    outcomes: {
      onDelivered: (job: DeliveryJob, attempts: number) => recordOutcome(job, { kind: 'delivered', attempts }),
      onFailed: (job: DeliveryJob, attempts: number, error: DeliveryError) => recordOutcome(job, { kind: 'failed', attempts, error: error.message }),
      stillOwed,
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
    /** Plans until the output source is caught up and releases what is due (tests, the benchmark). */
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
