import type { NotificationSummary } from '@dealerflow/runtime';
import { describe, expect, it } from 'vitest';
import { bearer, TOKENS } from './inMemoryRuntime';
import { createNotificationTestServer } from './inMemoryNotifications';

const row = (notificationId: string, dealerId: string, status: NotificationSummary['status'], createdAt: string): NotificationSummary => ({
  notificationId,
  dealerId,
  audience: 'dealer',
  channel: 'webhook',
  status,
  attempts: status === 'failed' ? 8 : 1,
  lastError: status === 'failed' ? 'HTTP 500 from https://d1.example/hook' : null,
  outputType: 'credit.hold.placed',
  createdAt,
  updatedAt: createdAt,
});

const rows = [
  row('ntf-1', 'D-1', 'delivered', '2026-04-02T09:00:00.000Z'),
  row('ntf-2', 'D-1', 'failed', '2026-04-02T10:00:00.000Z'),
  row('ntf-3', 'D-2', 'failed', '2026-04-02T11:00:00.000Z'),
  row('ntf-4', 'D-2', 'pending', '2026-04-02T12:00:00.000Z'),
  row('ntf-5', 'D-1', 'held', '2026-04-02T13:00:00.000Z'),
];

const server = () => createNotificationTestServer({ notifications: rows });
const idsOf = (response: { json: () => unknown }) =>
  (response.json() as { items: NotificationSummary[] }).items.map((entry) => entry.notificationId);

describe('GET /v1/notifications', () => {
  it.each([
    ['ops', TOKENS.ops],
    ['admin', TOKENS.admin],
  ])('%s lists every notification, oldest first, with its summary', async (_who, token) => {
    const { app } = server();
    const response = await app.inject({ method: 'GET', url: '/v1/notifications', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(idsOf(response)).toEqual(['ntf-1', 'ntf-2', 'ntf-3', 'ntf-4', 'ntf-5']);
    expect((response.json() as { items: NotificationSummary[] }).items[1]).toEqual(rows[1]);
    expect(response.headers['next-cursor']).toBe('n4');
  });

  it('lists the dead letters (status=failed), for one dealer too', async () => {
    const { app } = server();
    const failed = await app.inject({ method: 'GET', url: '/v1/notifications?status=failed', headers: bearer(TOKENS.ops) });
    expect(idsOf(failed)).toEqual(['ntf-2', 'ntf-3']);
    const mine = await app.inject({ method: 'GET', url: '/v1/notifications?status=failed&dealerId=D-2', headers: bearer(TOKENS.ops) });
    expect(idsOf(mine)).toEqual(['ntf-3']);
  });

  it('pages with limit and after', async () => {
    const { app } = server();
    const first = await app.inject({ method: 'GET', url: '/v1/notifications?limit=3', headers: bearer(TOKENS.ops) });
    expect(idsOf(first)).toEqual(['ntf-1', 'ntf-2', 'ntf-3']);
    const next = await app.inject({
      method: 'GET',
      url: `/v1/notifications?limit=3&after=${first.headers['next-cursor'] as string}`,
      headers: bearer(TOKENS.ops),
    });
    expect(idsOf(next)).toEqual(['ntf-4', 'ntf-5']);
    expect(next.headers['next-cursor']).toBe('n4');
  });

  it.each([
    ['a dealer', TOKENS.dealer1],
    ['finance', TOKENS.finance],
    ['ingest', TOKENS.ingest],
  ])('refuses %s with 403', async (_who, token) => {
    const { app, ports } = server();
    const response = await app.inject({ method: 'GET', url: '/v1/notifications?dealerId=D-1', headers: bearer(token) });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'forbidden', message: 'this token may not read notifications' });
    expect(ports.calls).toEqual([]);
  });

  it.each([
    ['status=lost', 'status'],
    ['stauts=failed', 'stauts'],
    ['limit=1001', 'limit'],
    ['dealerId=', 'dealerId'],
  ])('refuses ?%s with 400 naming %s', async (query, field) => {
    const { app, ports } = server();
    const response = await app.inject({ method: 'GET', url: `/v1/notifications?${query}`, headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(400);
    const answer = response.json() as { error: string; details: { field: string }[] };
    expect(answer.error).toBe('invalid_request');
    expect(answer.details.map((detail) => detail.field)).toEqual([field]);
    expect(ports.calls).toEqual([]);
  });

  it('refuses a cursor it did not issue with 400 invalid_cursor naming after', async () => {
    const { app } = server();
    const response = await app.inject({ method: 'GET', url: '/v1/notifications?after=zz', headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_cursor', details: [{ field: 'after' }] });
  });

  it('answers 503 and logs when the list cannot be read', async () => {
    const { app, ports, logLines } = server();
    ports.failWith(new Error('ECONNREFUSED'));
    const response = await app.inject({ method: 'GET', url: '/v1/notifications', headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(503);
    expect(logLines.join('')).toContain('notifications read failed');
  });
});

describe('POST /v1/notifications/{notificationId}/retry', () => {
  it.each([
    ['ops', TOKENS.ops],
    ['admin', TOKENS.admin],
  ])('%s puts a failed notification back on its queue: 202 pending', async (_who, token) => {
    const { app, ports } = server();
    const response = await app.inject({ method: 'POST', url: '/v1/notifications/ntf-2/retry', headers: bearer(token) });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ notificationId: 'ntf-2', status: 'pending' });
    expect(ports.rows.find((entry) => entry.notificationId === 'ntf-2')).toMatchObject({ status: 'pending', attempts: 0 });
  });

  it('logs who asked for the retry', async () => {
    const { app, logLines } = server();
    await app.inject({ method: 'POST', url: '/v1/notifications/ntf-3/retry', headers: bearer(TOKENS.admin) });
    const line = logLines.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.msg === 'notification retry requested');
    expect(line).toMatchObject({ notificationId: 'ntf-3', by: 'admin', name: 'Ada' });
  });

  it('takes a JSON Content-Type with an empty body or {} (what HTTP clients send)', async () => {
    const { app } = server();
    const empty = await app.inject({
      method: 'POST',
      url: '/v1/notifications/ntf-2/retry',
      headers: { ...bearer(TOKENS.ops), 'content-type': 'application/json' },
      payload: '',
    });
    expect(empty.statusCode).toBe(202);
    const object = await app.inject({
      method: 'POST',
      url: '/v1/notifications/ntf-3/retry',
      headers: { ...bearer(TOKENS.ops), 'content-type': 'application/json' },
      payload: '{}',
    });
    expect(object.statusCode).toBe(202);
  });

  it('answers a notification that is not failed with 409 saying so, and changes nothing', async () => {
    const { app, ports } = server();
    for (const id of ['ntf-1', 'ntf-4', 'ntf-5']) {
      const response = await app.inject({ method: 'POST', url: `/v1/notifications/${id}/retry`, headers: bearer(TOKENS.ops) });
      expect(response.statusCode).toBe(409);
      expect(response.json()).toEqual({
        error: 'not_failed',
        message: `notification ${id} is not failed: only a failed notification can be retried (see its status in GET /v1/notifications)`,
      });
    }
    expect(ports.rows.map((entry) => entry.status)).toEqual(['delivered', 'failed', 'failed', 'pending', 'held']);
  });

  it('answers a second retry of the same notification with 409: it is pending again', async () => {
    const { app } = server();
    await app.inject({ method: 'POST', url: '/v1/notifications/ntf-2/retry', headers: bearer(TOKENS.ops) });
    const again = await app.inject({ method: 'POST', url: '/v1/notifications/ntf-2/retry', headers: bearer(TOKENS.ops) });
    expect(again.statusCode).toBe(409);
  });

  it('answers an unknown notification with 404', async () => {
    const { app } = server();
    const response = await app.inject({ method: 'POST', url: '/v1/notifications/ntf-nope/retry', headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'no such notification' });
  });

  it.each([
    ['a dealer', TOKENS.dealer1],
    ['finance', TOKENS.finance],
    ['ingest', TOKENS.ingest],
  ])('refuses %s with 403, changing nothing', async (_who, token) => {
    const { app, ports } = server();
    const response = await app.inject({ method: 'POST', url: '/v1/notifications/ntf-2/retry', headers: bearer(token) });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'forbidden', message: 'this token may not retry notifications' });
    expect(ports.calls).toEqual([]);
  });

  it('answers no token with 401', async () => {
    const { app } = server();
    const response = await app.inject({ method: 'POST', url: '/v1/notifications/ntf-2/retry' });
    expect(response.statusCode).toBe(401);
  });

  it('answers 503 and logs when the retry cannot be recorded', async () => {
    const { app, ports, logLines } = server();
    ports.failWith(new Error('ECONNREFUSED'));
    const response = await app.inject({ method: 'POST', url: '/v1/notifications/ntf-2/retry', headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(503);
    expect(logLines.join('')).toContain('notification retry failed');
  });
});
