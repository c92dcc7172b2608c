import type { PrismaClient } from '@dealerflow/db';
import type { NotificationPreferences } from '@dealerflow/domain';
import type { InboxItem, InboxReader, NotificationAdmin, NotificationSummary, PreferencesStore } from '@dealerflow/runtime';
import type { DeliveryJob } from '../deliveryJob';

export function createPreferencesStore(prisma: PrismaClient): PreferencesStore {
  return {
    async get(dealerId) {
      const rows = await prisma.$queryRawUnsafe<{ document: string }[]>(
        `SELECT document FROM notification_preferences WHERE dealer_id = $1`,
        dealerId,
      );
      return rows[0] ? (JSON.parse(rows[0].document) as NotificationPreferences) : undefined;
    },
    async put(dealerId, preferences) {
      await prisma.$executeRawUnsafe(
        `INSERT INTO notification_preferences (dealer_id, document, updated_at) VALUES ($1, $2, now())
         ON CONFLICT (dealer_id) DO UPDATE SET document = EXCLUDED.document, updated_at = EXCLUDED.updated_at`,
        dealerId,
        JSON.stringify(preferences),
      );
    },
  };
}

const CURSOR = /^(\d+)\|(.+)$/;

/** Cursor of a row in a list ordered by (time, id): both, so rows written in the same millisecond are not skipped. */
function cursorOf(at: Date, id: string): string {
  return `${at.getTime()}|${id}`;
}

function parseCursor(cursor: string | undefined): { at: string; id: string } | undefined {
  const match = cursor === undefined ? null : CURSOR.exec(cursor);
  return match ? { at: new Date(Number(match[1])).toISOString(), id: match[2]! } : undefined;
}

export function createInboxReader(prisma: PrismaClient): InboxReader {
  return {
    async list({ dealerId, audience, limit, before }) {
      const from = parseCursor(before);
      const rows = await prisma.$queryRawUnsafe<
        { notification_id: string; dealer_id: string; audience: InboxItem['audience']; output_type: string; locale: InboxItem['locale']; title: string; body: string; created_at: Date }[]
      >(
        `SELECT notification_id, dealer_id, audience, output_type, locale, title, body, created_at FROM notification_inbox
          WHERE dealer_id = $1 AND ($2::text IS NULL OR audience = $2::text)
            AND ($3::timestamptz IS NULL OR (created_at, notification_id) < ($3::timestamptz, $4::text))
          ORDER BY created_at DESC, notification_id DESC LIMIT $5::int`,
        dealerId,
        audience ?? null,
        from?.at ?? null,
        from?.id ?? '',
        limit,
      );
      const items = rows.map((row) => ({
        notificationId: row.notification_id,
        dealerId: row.dealer_id,
        audience: row.audience,
        outputType: row.output_type,
        locale: row.locale,
        title: row.title,
        body: row.body,
        createdAt: row.created_at.toISOString(),
      }));
      const last = rows[rows.length - 1];
      return { items, nextCursor: last && rows.length === limit ? cursorOf(last.created_at, last.notification_id) : null };
    },
  };
}

/** The operators' view of notifications; `retry` puts a failed one back on its queue. */
export function createNotificationAdmin(prisma: PrismaClient, enqueue: (job: DeliveryJob) => Promise<void>): NotificationAdmin {
  return {
    async list({ status, dealerId, limit, after }) {
      const from = parseCursor(after);
      const rows = await prisma.$queryRawUnsafe<
        { notification_id: string; dealer_id: string; audience: NotificationSummary['audience']; channel: NotificationSummary['channel']; status: NotificationSummary['status']; attempts: number; last_error: string | null; output_type: string; created_at: Date; updated_at: Date }[]
      >(
        `SELECT notification_id, dealer_id, audience, channel, status, attempts, last_error, output_type, created_at, updated_at
           FROM notification
          WHERE ($1::text IS NULL OR status = $1::text) AND ($2::text IS NULL OR dealer_id = $2::text)
            AND ($3::timestamptz IS NULL OR (updated_at, notification_id) > ($3::timestamptz, $4::text))
          ORDER BY updated_at, notification_id LIMIT $5::int`,
        status ?? null,
        dealerId ?? null,
        from?.at ?? null,
        from?.id ?? '',
        limit,
      );
      const items = rows.map((row) => ({
        notificationId: row.notification_id,
        dealerId: row.dealer_id,
        audience: row.audience,
        channel: row.channel,
        status: row.status,
        attempts: row.attempts,
        lastError: row.last_error,
        outputType: row.output_type,
        createdAt: row.created_at.toISOString(),
        updatedAt: row.updated_at.toISOString(),
      }));
      const last = rows[rows.length - 1];
      return { items, nextCursor: last && rows.length === limit ? cursorOf(last.updated_at, last.notification_id) : null };
    },
    async retry(notificationId) {
      const rows = await prisma.$queryRawUnsafe<{ job: string }[]>(
        `UPDATE notification SET status = 'pending', last_error = NULL, updated_at = now()
          WHERE notification_id = $1 AND status = 'failed' RETURNING job`,
        notificationId,
      );
      if (rows[0]) {
        await enqueue(JSON.parse(rows[0].job) as DeliveryJob);
        return 'retried';
      }
      const exists = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT 1 AS n FROM notification WHERE notification_id = $1`, notificationId);
      return exists.length > 0 ? 'not_failed' : 'not_found';
    },
  };
}
