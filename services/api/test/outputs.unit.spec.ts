import { InvalidCursorError } from '@dealerflow/runtime';
import { describe, expect, it } from 'vitest';
import { bearer, createTestServer, TOKENS, type StoredOutput } from './inMemoryRuntime';

const CREDIT = 'dealer.credit.v1';
const STOCK = 'dealer.stock-alerts.v1';

const published: StoredOutput[] = [
  { eventId: 'o-0', topic: CREDIT, dealerId: 'D-1', type: 'credit.hold.placed' },
  { eventId: 'o-1', topic: STOCK, dealerId: 'D-2', type: 'stock.alert.raised' },
  { eventId: 'o-2', topic: STOCK, dealerId: 'D-1', type: 'stock.alert.raised' },
  { eventId: 'o-3', topic: CREDIT, dealerId: 'D-2', type: 'credit.hold.placed' },
  { eventId: 'o-4', topic: 'dealer.dead-letter.v1', type: 'event.dead_lettered' },
  { eventId: 'o-5', topic: CREDIT, dealerId: 'D-1', type: 'credit.hold.released' },
];

async function get(url: string, token: string | null = TOKENS.admin) {
  const server = createTestServer({ outputs: published });
  const response = await server.app.inject({ method: 'GET', url, headers: token === null ? {} : bearer(token) });
  return { response, server };
}

const idsOf = (body: string) =>
  body
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (JSON.parse(line) as StoredOutput).eventId);

describe('GET /v1/outputs', () => {
  it.each([
    ['admin', TOKENS.admin],
    ['ops', TOKENS.ops],
    ['finance', TOKENS.finance],
  ])('%s reads every output as NDJSON, in publish order', async (_role, token) => {
    const { response, server } = await get('/v1/outputs', token);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(idsOf(response.body)).toEqual(['o-0', 'o-1', 'o-2', 'o-3', 'o-4', 'o-5']);
    expect(response.body.endsWith('}\n')).toBe(true);
    expect(response.headers['next-cursor']).toBe('c5');
    expect(server.outputs.queries).toEqual([{ topic: undefined, dealerId: undefined, after: undefined, limit: 1000 }]);
  });

  it('ingest may not read (403), no token is 401', async () => {
    const refused = await get('/v1/outputs', TOKENS.ingest);
    expect(refused.response.statusCode).toBe(403);
    expect(refused.response.json()).toEqual({ error: 'forbidden', message: 'this token may not read outputs' });
    const anonymous = await get('/v1/outputs', null);
    expect(anonymous.response.statusCode).toBe(401);
    expect(anonymous.server.outputs.queries).toHaveLength(0);
  });

  it('filters by topic and dealer', async () => {
    const { response } = await get(`/v1/outputs?topic=${CREDIT}&dealerId=D-1`);
    expect(idsOf(response.body)).toEqual(['o-0', 'o-5']);
  });

  it('pages with Next-Cursor until an empty page, which has no cursor and an empty body', async () => {
    const server = createTestServer({ outputs: published });
    const seen: string[] = [];
    let after: string | undefined;
    const cursors: (string | undefined)[] = [];
    for (let page = 0; page < 10; page += 1) {
      const url = `/v1/outputs?limit=4${after === undefined ? '' : `&after=${after}`}`;
      const response = await server.app.inject({ method: 'GET', url, headers: bearer(TOKENS.ops) });
      expect(response.statusCode).toBe(200);
      const cursor = response.headers['next-cursor'] as string | undefined;
      cursors.push(cursor);
      if (cursor === undefined) {
        expect(response.body).toBe('');
        break;
      }
      seen.push(...idsOf(response.body));
      after = cursor;
    }
    expect(seen).toEqual(['o-0', 'o-1', 'o-2', 'o-3', 'o-4', 'o-5']);
    expect(cursors).toEqual(['c3', 'c5', undefined]);
  });

  it('holds a dealer token to its own dealer when no dealerId is given', async () => {
    const { response, server } = await get('/v1/outputs', TOKENS.dealer1);
    expect(response.statusCode).toBe(200);
    expect(idsOf(response.body)).toEqual(['o-0', 'o-2', 'o-5']);
    expect(server.outputs.queries[0]?.dealerId).toBe('D-1');
  });

  it("gives a dealer only what is addressed to it, in full pages: not finance's review, not staff's messages, not dead letters", async () => {
    const NOTIFY = 'dealer.notifications.v1';
    const staffAndDealer: StoredOutput[] = [
      { eventId: 'p-0', topic: CREDIT, dealerId: 'D-1', type: 'credit.hold.placed' },
      { eventId: 'p-1', topic: CREDIT, dealerId: 'D-1', type: 'credit.review.requested' },
      { eventId: 'p-2', topic: NOTIFY, dealerId: 'D-1', type: 'notification.requested', data: { audience: 'dealer' } },
      { eventId: 'p-3', topic: NOTIFY, dealerId: 'D-1', type: 'notification.requested', data: { audience: 'finance' } },
      { eventId: 'p-4', topic: NOTIFY, dealerId: 'D-1', type: 'notification.requested', data: { audience: 'ops' } },
      { eventId: 'p-5', topic: NOTIFY, dealerId: 'D-1', type: 'notification.delivered', data: { audience: 'dealer' } },
      { eventId: 'p-6', topic: NOTIFY, dealerId: 'D-1', type: 'notification.failed', data: { audience: 'dealer' } },
      { eventId: 'p-7', topic: 'dealer.dead-letter.v1', dealerId: 'D-1', type: 'event.dead_lettered' },
      { eventId: 'p-8', topic: CREDIT, dealerId: 'D-1', type: 'credit.limit.warning' },
      { eventId: 'p-9', topic: CREDIT, dealerId: 'D-1', type: 'credit.hold.released' },
    ];
    const server = createTestServer({ outputs: staffAndDealer });
    const read = (url: string, token: string) => server.app.inject({ method: 'GET', url, headers: bearer(token) });
    expect(idsOf((await read('/v1/outputs?dealerId=D-1', TOKENS.finance)).body)).toHaveLength(10);
    expect(idsOf((await read('/v1/outputs', TOKENS.dealer1)).body)).toEqual(['p-0', 'p-2', 'p-5', 'p-9']);
    const firstPage = await read('/v1/outputs?limit=3', TOKENS.dealer1);
    expect(idsOf(firstPage.body)).toEqual(['p-0', 'p-2', 'p-5']);
    const rest = await read(`/v1/outputs?limit=3&after=${String(firstPage.headers['next-cursor'])}`, TOKENS.dealer1);
    expect(idsOf(rest.body)).toEqual(['p-9']);
  });

  it('lets a dealer name itself, and combine with a topic', async () => {
    const { response } = await get(`/v1/outputs?dealerId=D-2&topic=${STOCK}`, TOKENS.dealer2);
    expect(idsOf(response.body)).toEqual(['o-1']);
  });

  it.each(['D-2', 'D-404'])('answers a dealer asking for dealer %s with the same 404, reading nothing', async (dealerId) => {
    const { response, server } = await get(`/v1/outputs?dealerId=${dealerId}`, TOKENS.dealer1);
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'no such dealer' });
    expect(server.outputs.queries).toHaveLength(0);
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=10001', 'limit'],
    ['limit=2.5', 'limit'],
    ['limit=many', 'limit'],
    ['topic=dealer.orders.v1', 'topic'],
    ['dealerId=', 'dealerId'],
    ['after=', 'after'],
    ['dealer=D-1', 'dealer'],
  ])('answers %s with 400 naming %s', async (query, field) => {
    const { response, server } = await get(`/v1/outputs?${query}`);
    expect(response.statusCode).toBe(400);
    const answer = response.json();
    expect(answer.error).toBe('invalid_request');
    expect(answer.message).toMatch(new RegExp(`^invalid query: ${field}: `));
    expect(answer.details.map((detail: { field: string }) => detail.field)).toEqual([field]);
    expect(server.outputs.queries).toHaveLength(0);
  });

  it('takes the largest page size', async () => {
    const { response, server } = await get('/v1/outputs?limit=10000');
    expect(response.statusCode).toBe(200);
    expect(server.outputs.queries[0]?.limit).toBe(10_000);
  });

  it('answers a cursor the reader did not issue with 400 naming after', async () => {
    const { response } = await get('/v1/outputs?after=bogus');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'invalid_cursor',
      message: 'after: not a cursor this server issued',
      details: [{ field: 'after', message: 'not a cursor this server issued; start again without after' }],
    });
  });

  it('answers 503 when the reader fails otherwise', async () => {
    const server = createTestServer({ outputs: published });
    server.outputs.failWith(new Error('database gone'));
    const response = await server.app.inject({ method: 'GET', url: '/v1/outputs', headers: bearer(TOKENS.admin) });
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toBe('unavailable');
  });

  it('still recognises InvalidCursorError when it is the reader that throws it', async () => {
    const server = createTestServer();
    server.outputs.failWith(new InvalidCursorError('expired'));
    const response = await server.app.inject({ method: 'GET', url: '/v1/outputs', headers: bearer(TOKENS.admin) });
    expect(response.statusCode).toBe(400);
    expect(response.json().error).toBe('invalid_cursor');
  });
});
