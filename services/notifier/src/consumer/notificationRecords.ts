import type { PrismaClient } from '@dealerflow/db';
import type { NotificationPlan } from '@dealerflow/domain';
import { insertOutputs } from '@dealerflow/runtime';
import type { DeliveryJob } from '../deliveryJob';
import { outcomeOutput } from './notificationOutputs';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Records new notifications in one statement; returns the ids that were new. */
export async function insertNotifications(tx: Tx, planned: readonly { plan: NotificationPlan; job: DeliveryJob }[]): Promise<Set<string>> {
  if (planned.length === 0) return new Set();
  const rows = await tx.$queryRawUnsafe<{ notification_id: string }[]>(
    `INSERT INTO notification (notification_id, idempotency_key, dealer_id, audience, channel, status, not_before, job, output_event_ids, output_type)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::text[], $9::text[], $10::text[])
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING notification_id`,
    planned.map(({ plan }) => plan.notificationId),
    planned.map(({ plan }) => plan.idempotencyKey),
    planned.map(({ plan }) => plan.dealerId),
    planned.map(({ plan }) => plan.audience),
    planned.map(({ plan }) => plan.channel),
    planned.map(({ plan }) => (plan.notBefore === null ? 'pending' : 'held')),
    planned.map(({ plan }) => plan.notBefore),
    planned.map(({ job }) => JSON.stringify(job)),
    planned.map(({ plan }) => JSON.stringify(plan.outputEventIds)),
    planned.map(({ plan }) => plan.outputType),
  );
  return new Set(rows.map((row) => row.notification_id));
}

/** The status of each of these notifications that has a row ('pending', 'held', 'delivered', 'failed'). */
export async function statusesOf(prisma: PrismaClient, notificationIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await prisma.$queryRawUnsafe<{ notification_id: string; status: string }[]>(
    `SELECT notification_id, status FROM notification WHERE notification_id = ANY($1::text[])`,
    [...notificationIds],
  );
  return new Map(rows.map((row) => [row.notification_id, row.status]));
}

/** The planner's state of these dealers (JSON text) from the notifier's own table; a dealer without one is absent. */
export async function loadNotifyStates(prisma: PrismaClient, dealerIds: readonly string[]): Promise<Map<string, string>> {
  const rows = await prisma.$queryRawUnsafe<{ dealer_id: string; state: string }[]>(
    `SELECT dealer_id, state FROM notifier_dealer_state WHERE dealer_id = ANY($1::text[])`,
    [...dealerIds],
  );
  return new Map(rows.map((row) => [row.dealer_id, row.state]));
}

/** Writes the planner's changed states in one statement (in the transaction that records their plans). */
export async function saveNotifyStates(tx: Tx, states: readonly { dealerId: string; text: string }[]): Promise<void> {
  if (states.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO notifier_dealer_state (dealer_id, state, updated_at)
       SELECT d, s, now() FROM unnest($1::text[], $2::text[]) AS t(d, s)
     ON CONFLICT (dealer_id) DO UPDATE SET state = EXCLUDED.state, updated_at = EXCLUDED.updated_at`,
    states.map((state) => state.dealerId),
    states.map((state) => state.text),
  );
}

export type Outcome = { kind: 'delivered'; attempts: number } | { kind: 'failed'; attempts: number; error: string };

export interface RecordedOutcome {
  job: DeliveryJob;
  outcome: Outcome;
}

/**
 * Records delivery outcomes in one statement, and a `notification.delivered` / `.failed` output for
 * each notification that was still pending (an outcome reported twice is recorded once). `beforeOutputs`
 * is awaited right before the outputs are appended (it takes the log's write lock, logTransaction.ts).
 */
export async function writeOutcomes(tx: Tx, batch: readonly RecordedOutcome[], beforeOutputs: () => Promise<void> = async () => undefined): Promise<void> {
  // One row per notification: the last outcome reported wins.
  const latest = new Map(batch.map((entry) => [entry.job.notificationId, entry]));
  const entries = [...latest.values()];
  const rows = await tx.$queryRawUnsafe<{ notification_id: string; output_type: string; output_event_ids: string; failures: number }[]>(
    `UPDATE notification n
        SET status = u.status, attempts = u.attempts, last_error = u.error,
            failures = n.failures + CASE WHEN u.status = 'failed' THEN 1 ELSE 0 END, updated_at = now()
       FROM unnest($1::text[], $2::text[], $3::int[], $4::text[]) AS u(id, status, attempts, error)
      WHERE n.notification_id = u.id AND n.status = 'pending'
     RETURNING n.notification_id, n.output_type, n.output_event_ids, n.failures`,
    entries.map((entry) => entry.job.notificationId),
    entries.map((entry) => entry.outcome.kind),
    entries.map((entry) => entry.outcome.attempts),
    entries.map((entry) => (entry.outcome.kind === 'failed' ? entry.outcome.error : null)),
  );
  const recorded = new Map(rows.map((row) => [row.notification_id, row]));
  const at = new Date();
  const outputs = entries.flatMap(({ job, outcome }) => {
    const row = recorded.get(job.notificationId);
    if (!row) return [];
    const record = { job, outputType: row.output_type, outputEventIds: JSON.parse(row.output_event_ids) as string[] };
    return [
      outcome.kind === 'delivered'
        ? outcomeOutput(record, outcome, at)
        : outcomeOutput(record, { kind: 'failed', attempts: outcome.attempts, error: outcome.error, generation: row.failures }, at),
    ];
  });
  await beforeOutputs();
  await insertOutputs(tx, outputs);
}
