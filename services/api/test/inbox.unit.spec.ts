import type { InboxItem } from '@dealerflow/runtime';
import { describe, expect, it } from 'vitest';
import { bearer, TOKENS } from './inMemoryRuntime';
import { createNotificationTestServer, dealerProfile } from './inMemoryNotifications';

const item = (notificationId: string, dealerId: string, createdAt: string, audience: InboxItem['audience'] = 'dealer'): InboxItem => ({
  notificationId,
  dealerId,
  audience,
  outputType: 'delivery.late',
  locale: dealerId === 'D-2' ? 'zh-CN' : 'en',
  title: `title ${notificationId}`,
  body: `body ${notificationId}`,
  createdAt,
});

const inbox = [
  item('ntf-a', 'D-1', '2026-04-02T09:00:00.000Z'),
  item('ntf-b', 'D-1', '2026-04-03T09:00:00.000Z'),
  item('ntf-ops', 'D-1', '2026-04-03T10:00:00.000Z', 'ops'),
  item('ntf-c', 'D-1', '2026-04-04T09:00:00.000Z'),
  item('ntf-d', 'D-2', '2026-04-04T09:00:00.000Z'),
  // A dealer the pipeline never saw a dealer.upserted for is still told things in-app.
  item('ntf-x', 'D-X', '2026-04-04T09:00:00.000Z'),
];

function server() {
  return createNotificationTestServer({ profiles: { 'D-1': dealerProfile('One'), 'D-2': dealerProfile('Two', { locale: 'zh-CN' }) }, inbox });
}

const idsOf = (response: { json: () => unknown }) => (response.json() as { items: InboxItem[] }).items.map((entry) => entry.notificationId);

describe('GET /v1/dealers/{dealerId}/inbox', () => {
  it.each([
    ['the dealer itself', TOKENS.dealer1],
    ['ops', TOKENS.ops],
    ['admin', TOKENS.admin],
  ])("%s reads the dealer's own notifications, newest first, without staff messages about it", async (_who, token) => {
    const { app } = server();
    const response = await app.inject({ method: 'GET', url: '/v1/dealers/D-1/inbox', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(idsOf(response)).toEqual(['ntf-c', 'ntf-b', 'ntf-a']);
    expect((response.json() as { items: InboxItem[] }).items[0]).toEqual(inbox[3]);
    expect(response.headers['next-cursor']).toBe('n2');
  });

  it('pages with limit and before until an empty page without Next-Cursor', async () => {
    const { app } = server();
    const first = await app.inject({ method: 'GET', url: '/v1/dealers/D-1/inbox?limit=2', headers: bearer(TOKENS.dealer1) });
    expect(idsOf(first)).toEqual(['ntf-c', 'ntf-b']);
    const cursor = first.headers['next-cursor'] as string;
    const second = await app.inject({ method: 'GET', url: `/v1/dealers/D-1/inbox?limit=2&before=${cursor}`, headers: bearer(TOKENS.dealer1) });
    expect(idsOf(second)).toEqual(['ntf-a']);
    const last = await app.inject({
      method: 'GET',
      url: `/v1/dealers/D-1/inbox?limit=2&before=${second.headers['next-cursor'] as string}`,
      headers: bearer(TOKENS.dealer1),
    });
    expect(last.statusCode).toBe(200);
    expect(last.json()).toEqual({ items: [] });
    expect(last.headers['next-cursor']).toBeUndefined();
  });

  it('asks the inbox for the dealer audience with the default page of 50', async () => {
    const { app, ports } = server();
    const list = ports.inbox.list.bind(ports.inbox);
    const queries: unknown[] = [];
    ports.inbox.list = async (query) => {
      queries.push(query);
      return list(query);
    };
    await app.inject({ method: 'GET', url: '/v1/dealers/D-2/inbox', headers: bearer(TOKENS.dealer2) });
    expect(queries).toEqual([{ dealerId: 'D-2', audience: 'dealer', limit: 50 }]);
  });

  it.each([
    ['finance', TOKENS.finance],
    ['ingest', TOKENS.ingest],
  ])('refuses %s with 403', async (_who, token) => {
    const { app, ports } = server();
    const response = await app.inject({ method: 'GET', url: '/v1/dealers/D-1/inbox', headers: bearer(token) });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'forbidden', message: 'this token may not read the inbox' });
    expect(ports.calls).toEqual([]);
  });

  it("answers another dealer's token with 404, existing or not, asking no port", async () => {
    const { app, ports } = server();
    for (const dealerId of ['D-2', 'D-X', 'D-9']) {
      const response = await app.inject({ method: 'GET', url: `/v1/dealers/${dealerId}/inbox`, headers: bearer(TOKENS.dealer1) });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toEqual({ error: 'not_found', message: 'no such dealer' });
    }
    expect(ports.calls).toEqual([]);
  });

  it('answers 404 for a dealer with neither master data nor notifications', async () => {
    const { app } = server();
    const response = await app.inject({ method: 'GET', url: '/v1/dealers/D-9/inbox', headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'no such dealer' });
  });

  it('shows the inbox of a dealer without master data that was told things', async () => {
    const { app } = server();
    const response = await app.inject({ method: 'GET', url: '/v1/dealers/D-X/inbox', headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(200);
    expect(idsOf(response)).toEqual(['ntf-x']);
  });

  it('answers a known dealer with nothing yet with an empty list', async () => {
    const { app } = createNotificationTestServer({ profiles: { 'D-1': dealerProfile('One') } });
    const response = await app.inject({ method: 'GET', url: '/v1/dealers/D-1/inbox', headers: bearer(TOKENS.dealer1) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [] });
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=501', 'limit'],
    ['limit=ten', 'limit'],
    ['before=', 'before'],
    ['after=n1', 'after'],
  ])('refuses ?%s with 400 naming %s', async (query, field) => {
    const { app, ports } = server();
    const response = await app.inject({ method: 'GET', url: `/v1/dealers/D-1/inbox?${query}`, headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(400);
    const answer = response.json() as { error: string; message: string; details: { field: string }[] };
    expect(answer.error).toBe('invalid_request');
    expect(answer.message).toMatch(new RegExp(`^invalid query: ${field}: `));
    expect(answer.details.map((detail) => detail.field)).toEqual([field]);
    expect(ports.calls).toEqual([]);
  });

  it('refuses a cursor the inbox did not issue with 400 invalid_cursor', async () => {
    const { app } = server();
    const response = await app.inject({ method: 'GET', url: '/v1/dealers/D-1/inbox?before=bogus', headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_cursor',
      message: 'before: not a cursor this server issued',
      details: [{ field: 'before', message: 'not a cursor this server issued; start again without before' }],
    });
  });

  it('answers 503 and logs when the inbox cannot be read', async () => {
    const { app, ports, logLines } = server();
    ports.failWith(new Error('ECONNREFUSED'));
    const response = await app.inject({ method: 'GET', url: '/v1/dealers/D-1/inbox', headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(503);
    expect(logLines.join('')).toContain('inbox read failed');
  });
});
