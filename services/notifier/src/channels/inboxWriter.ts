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

const INSERT_INBOX_ROW = `INSERT INTO "notification_inbox"
  ("notification_id", "dealer_id", "audience", "title", "body", "output_type", "locale")
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT ("notification_id") DO NOTHING`;

/** One row per notification in `notification_inbox`; a repeat of the same notification id changes nothing. */
export function createSqlInboxWriter(executor: RawSqlExecutor): InboxWriter {
  return {
    async write(job) {
      const { payload } = job;
      await executor.$executeRawUnsafe(
        INSERT_INBOX_ROW,
        job.notificationId,
        job.dealerId,
        job.audience,
        payload.title,
        payload.body,
        payload.outputType,
        payload.locale,
      );
    },
  };
}
