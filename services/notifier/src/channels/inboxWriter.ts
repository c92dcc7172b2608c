import { createCoalescedWrites } from '../coalescedWrites';
import type { DeliveryJobOf } from '../deliveryJob';

/**
 * Where in-app notifications land: the inbox that `GET /v1/dealers/{id}/inbox` and the dashboards read.
 * A port so the channel needs no database client; writing the same notification twice must be harmless.
 */
export interface InboxWriter {
  write(job: DeliveryJobOf<'inApp'>): Promise<void>;
}

/** The one Prisma method the SQL writer needs (PrismaClient and a Prisma transaction client both have it). */
export interface RawSqlExecutor {
  $executeRawUnsafe(query: string, ...values: unknown[]): Promise<number>;
}

const INSERT_INBOX_ROWS = `INSERT INTO "notification_inbox"
  ("notification_id", "dealer_id", "audience", "title", "body", "output_type", "locale")
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[])
ON CONFLICT ("notification_id") DO NOTHING`;

/**
 * One row per notification in `notification_inbox`; a repeat of the same notification id changes
 * nothing. In-app deliveries that finish together are written in one statement (the queue runs many
 * at once), each resolving once that statement has run.
 */
export function createSqlInboxWriter(executor: RawSqlExecutor): InboxWriter {
  const writeRows = createCoalescedWrites<DeliveryJobOf<'inApp'>>(async (jobs) => {
    // The first of two writes of one notification in a burst is the one kept, as one row at a time would.
    const rows = [...new Map(jobs.reverse().map((job) => [job.notificationId, job])).values()];
    await executor.$executeRawUnsafe(
      INSERT_INBOX_ROWS,
      rows.map((job) => job.notificationId),
      rows.map((job) => job.dealerId),
      rows.map((job) => job.audience),
      rows.map((job) => job.payload.title),
      rows.map((job) => job.payload.body),
      rows.map((job) => job.payload.outputType),
      rows.map((job) => job.payload.locale),
    );
  });
  return { write: writeRows };
}
