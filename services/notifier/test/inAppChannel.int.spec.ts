import { openDatabase, type Database } from '@dealerflow/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createInAppChannel, createSqlInboxWriter, RetriableDeliveryError, type DeliveryJobOf } from '../src';
import { inAppJob } from './support';

// The shipped migrations on an embedded PostgreSQL (PGlite, in memory): the inbox table the lead's API reads.
let db: Database;
beforeAll(async () => {
  db = await openDatabase();
});
afterAll(async () => {
  await db.close();
});

describe('the in-app channel writing notification_inbox through Prisma', () => {
  const signal = new AbortController().signal;

  it('writes one row per notification, and a repeat of the same notification changes nothing', async () => {
    const channel = createInAppChannel(createSqlInboxWriter(db.prisma));
    const job: DeliveryJobOf<'inApp'> = {
      ...inAppJob('N-inbox'),
      audience: 'finance',
      payload: { title: '信用冻结：D-1', body: '逾期 45 天', outputType: 'credit.hold.placed', locale: 'zh-CN' },
    };
    await channel.send(job, { signal });
    await channel.send({ ...job, payload: { ...job.payload, title: 'changed' } }, { signal });

    const rows = await db.sql.query(
      `SELECT notification_id, dealer_id, audience, title, body, output_type, locale, created_at FROM notification_inbox`,
    );
    expect(rows).toEqual([
      {
        notification_id: 'N-inbox',
        dealer_id: 'D-1',
        audience: 'finance',
        title: '信用冻结：D-1',
        body: '逾期 45 天',
        output_type: 'credit.hold.placed',
        locale: 'zh-CN',
        created_at: expect.any(Date),
      },
    ]);
  });

  it('writes deliveries that finish together in one statement: every row, the first of a repeat kept', async () => {
    const statements: unknown[][] = [];
    const writer = createSqlInboxWriter({
      $executeRawUnsafe: (query, ...values) => {
        statements.push(values);
        return db.prisma.$executeRawUnsafe(query, ...values);
      },
    });
    const channel = createInAppChannel(writer);
    const jobs = Array.from({ length: 40 }, (_, index) => inAppJob(`N-burst-${index}`));
    await Promise.all([
      ...jobs.map((job) => channel.send(job, { signal })),
      channel.send({ ...jobs[7]!, payload: { ...jobs[7]!.payload, title: 'a repeat' } }, { signal }),
    ]);

    expect(statements).toHaveLength(1);
    const rows = await db.sql.query<{ notification_id: string; title: string }>(
      `SELECT notification_id, title FROM notification_inbox WHERE notification_id LIKE 'N-burst-%' ORDER BY notification_id`,
    );
    expect(rows.map((row) => row.notification_id).sort()).toEqual(jobs.map((job) => job.notificationId).sort());
    expect(rows.find((row) => row.notification_id === 'N-burst-7')?.title).toBe(jobs[7]!.payload.title);
  });

  it('turns a database error into a retriable delivery error', async () => {
    const broken = createInAppChannel(
      createSqlInboxWriter({ $executeRawUnsafe: () => Promise.reject(new Error('connection terminated')) }),
    );
    const attempt = broken.send(inAppJob('N-broken'), { signal });
    await expect(attempt).rejects.toBeInstanceOf(RetriableDeliveryError);
    await expect(attempt).rejects.toThrow('connection terminated');
  });
});
