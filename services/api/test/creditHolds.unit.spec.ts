import { parseInputValue } from '@dealerflow/contracts';
import type { CreditHold } from '@dealerflow/runtime';
import { describe, expect, it } from 'vitest';
import { bearer, createTestServer, TOKENS } from './inMemoryRuntime';
import { activeHold, createCreditHoldTestServer, releasedHold, UNNAMED_FINANCE, unreadableDirectory } from './inMemoryCreditHolds';
import { dealerProfile } from './inMemoryNotifications';

type Server = ReturnType<typeof createCreditHoldTestServer>;
const DECISION_ID = /^decision-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const itemsOf = (response: { json: () => unknown }) => (response.json() as { items: CreditHold[] }).items;
const fieldsOf = (response: { json: () => unknown }) =>
  ((response.json() as { details?: { field?: string }[] }).details ?? []).map((detail) => detail.field);

function post(app: Server['app'], url: string, token: string, payload?: unknown) {
  return app.inject({
    method: 'POST',
    url,
    headers: { ...bearer(token), 'content-type': 'application/json' },
    ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
  });
}

const decide = (server: Server, payload: unknown, token: string = TOKENS.finance, holdId = 'hold-D-1-1') =>
  post(server.app, `/v1/credit/holds/${holdId}/decision`, token, payload);
const holdDealer = (server: Server, payload: unknown, token: string = TOKENS.finance, dealerId = 'D-1') =>
  post(server.app, `/v1/dealers/${dealerId}/credit-holds`, token, payload);

/** What the in-memory log took: the single envelope appended by the request. */
function appended(server: Server): unknown {
  const values = server.events.calls.flat().map((item) => ('value' in item ? item.value : item.text));
  expect(values).toHaveLength(1);
  return values[0];
}

describe('GET /v1/credit/holds', () => {
  it.each([
    ['finance', TOKENS.finance],
    ['ops', TOKENS.ops],
    ['admin', TOKENS.admin],
  ])('%s reads the active holds with figures, reasons, review and suggested action', async (_who, token) => {
    const server = createCreditHoldTestServer();
    const response = await server.app.inject({ method: 'GET', url: '/v1/credit/holds?status=active', headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(itemsOf(response)).toEqual([activeHold]);
  });

  it('lists the active holds when no status is given, every hold with status=all', async () => {
    const server = createCreditHoldTestServer();
    const byDefault = await server.app.inject({ method: 'GET', url: '/v1/credit/holds', headers: bearer(TOKENS.finance) });
    expect(itemsOf(byDefault).map((hold) => hold.holdId)).toEqual(['hold-D-1-1']);
    const all = await server.app.inject({ method: 'GET', url: '/v1/credit/holds?status=all', headers: bearer(TOKENS.finance) });
    expect(itemsOf(all)).toEqual([activeHold, releasedHold]);
    expect(server.holds.queries).toEqual([{ status: 'active' }, { status: 'all' }]);
  });

  it('narrows to one dealer with dealerId', async () => {
    const server = createCreditHoldTestServer();
    const response = await server.app.inject({ method: 'GET', url: '/v1/credit/holds?status=all&dealerId=D-2', headers: bearer(TOKENS.ops) });
    expect(itemsOf(response).map((hold) => hold.holdId)).toEqual(['hold-D-2-1']);
    expect(server.holds.queries).toEqual([{ status: 'all', dealerId: 'D-2' }]);
  });

  it.each([
    ['ingest', TOKENS.ingest],
    ['a dealer', TOKENS.dealer1],
  ])('refuses %s (403)', async (_who, token) => {
    const server = createCreditHoldTestServer();
    const response = await server.app.inject({ method: 'GET', url: '/v1/credit/holds', headers: bearer(token) });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'forbidden', message: 'this token may not read credit holds' });
    expect(server.holds.queries).toEqual([]);
  });

  it('answers 401 without a token', async () => {
    const server = createCreditHoldTestServer();
    const response = await server.app.inject({ method: 'GET', url: '/v1/credit/holds' });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: 'unauthorized' });
  });

  it('names a bad status, and an unknown parameter (400)', async () => {
    const server = createCreditHoldTestServer();
    const bad = await server.app.inject({ method: 'GET', url: '/v1/credit/holds?status=open', headers: bearer(TOKENS.finance) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: 'invalid_request' });
    expect((bad.json() as { message: string }).message).toMatch(/^invalid query: status: /);
    expect(fieldsOf(bad)).toEqual(['status']);
    const unknown = await server.app.inject({ method: 'GET', url: '/v1/credit/holds?stauts=all', headers: bearer(TOKENS.finance) });
    expect(unknown.statusCode).toBe(400);
    expect(fieldsOf(unknown)).toEqual(['stauts']);
  });

  it('answers 503 when the holds cannot be read, and logs why', async () => {
    const server = createCreditHoldTestServer();
    server.holds.failWith(new Error('connection refused'));
    const response = await server.app.inject({ method: 'GET', url: '/v1/credit/holds', headers: bearer(TOKENS.finance) });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toMatchObject({ error: 'unavailable' });
    expect(server.logLines.some((line) => line.includes('credit holds read failed') && line.includes('connection refused'))).toBe(true);
  });

  it('is not served when no credit-hold reader is given', async () => {
    const { app } = createTestServer();
    const response = await app.inject({ method: 'GET', url: '/v1/credit/holds', headers: bearer(TOKENS.finance) });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'no route GET /v1/credit/holds' });
  });
});

describe('POST /v1/credit/holds/{holdId}/decision', () => {
  it('appends the decision as credit.decision.recorded, decided by the token name, and answers 202 with its eventId', async () => {
    const server = createCreditHoldTestServer();
    const response = await decide(server, { decision: 'release', overrideUntil: '2026-04-30', note: '  paid by wire, in transit  ' });
    expect(response.statusCode).toBe(202);
    const { eventId } = response.json() as { eventId: string };
    expect(eventId).toMatch(DECISION_ID);
    const envelope = appended(server);
    expect(envelope).toEqual({
      eventId,
      type: 'credit.decision.recorded',
      schemaVersion: 1,
      occurredAt: '2026-04-03T10:15:00.000Z',
      dealerId: 'D-1',
      source: 'dealerflow-api',
      data: { holdId: 'hold-D-1-1', decision: 'release', overrideUntil: '2026-04-30', decidedBy: 'Fran', note: 'paid by wire, in transit' },
    });
    expect(parseInputValue(envelope)).toEqual({ ok: true, event: envelope });
    expect(server.events.stored.has(eventId)).toBe(true);
    expect(server.logLines.some((line) => line.includes('credit decision recorded') && line.includes(eventId))).toBe(true);
  });

  it('records a keep with its last day (keepUntil), which the credit worker holds the hold through', async () => {
    const server = createCreditHoldTestServer();
    const response = await decide(server, { decision: 'keep', keepUntil: '2026-04-20', note: 'wait for the quarter-end payment' });
    expect(response.statusCode).toBe(202);
    expect((appended(server) as { data: unknown }).data).toEqual({ holdId: 'hold-D-1-1', decision: 'keep', keepUntil: '2026-04-20', decidedBy: 'Fran', note: 'wait for the quarter-end payment' });
    for (const body of [{ decision: 'release', keepUntil: '2026-04-20' }, { decision: 'keep', keepUntil: '2026-04-02' }]) {
      const refused = await decide(createCreditHoldTestServer(), body);
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ details: [expect.objectContaining({ field: 'keepUntil' })] });
    }
  });

  it('records keep without override or note; admin decides too, by its name', async () => {
    const server = createCreditHoldTestServer();
    const response = await decide(server, { decision: 'keep' }, TOKENS.admin);
    expect(response.statusCode).toBe(202);
    expect(appended(server)).toMatchObject({ data: { holdId: 'hold-D-1-1', decision: 'keep', decidedBy: 'Ada' } });
    expect(Object.keys((appended(server) as { data: object }).data).sort()).toEqual(['decidedBy', 'decision', 'holdId']);
  });

  it('records the role as decidedBy when the token has no name', async () => {
    const server = createCreditHoldTestServer();
    expect((await decide(server, { decision: 'release' }, UNNAMED_FINANCE)).statusCode).toBe(202);
    expect(appended(server)).toMatchObject({ data: { decision: 'release', decidedBy: 'finance' } });
  });

  it.each([
    ['ops', TOKENS.ops],
    ['ingest', TOKENS.ingest],
    ['a dealer, even about its own hold', TOKENS.dealer1],
  ])('refuses %s (403) and appends nothing', async (_who, token) => {
    const server = createCreditHoldTestServer();
    const response = await decide(server, { decision: 'release' }, token);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'forbidden', message: 'this token may not decide on credit holds' });
    expect(server.events.calls).toEqual([]);
  });

  it.each([
    ['no decision', { note: 'x' }, 'decision'],
    ['a decision the route does not take', { decision: 'hold', note: 'x' }, 'decision'],
    ['an impossible date', { decision: 'release', overrideUntil: '2026-02-30' }, 'overrideUntil'],
    ['an override on keep', { decision: 'keep', overrideUntil: '2026-04-30' }, 'overrideUntil'],
    ['an override ending before today', { decision: 'release', overrideUntil: '2026-04-02' }, 'overrideUntil'],
    ['a blank note', { decision: 'release', note: '   ' }, 'note'],
    ['a note with U+0000', { decision: 'release', note: 'paying\u0000Friday' }, 'note'],
    ['a note with a lone surrogate', { decision: 'release', note: 'paying \ud800' }, 'note'],
    ['a misspelt key', { decision: 'release', overideUntil: '2026-04-30' }, 'overideUntil'],
  ])('answers 400 naming the field for %s', async (_what, body, field) => {
    const server = createCreditHoldTestServer();
    const response = await decide(server, body);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
    expect(fieldsOf(response)).toEqual([field]);
    expect((response.json() as { message: string }).message).toContain(`${field}: `);
    expect(server.events.calls).toEqual([]);
  });

  it('takes an override ending today (it covers that day)', async () => {
    const server = createCreditHoldTestServer();
    expect((await decide(server, { decision: 'release', overrideUntil: '2026-04-03' })).statusCode).toBe(202);
  });

  it('answers 400 empty_body naming decision when there is no body', async () => {
    const server = createCreditHoldTestServer();
    const response = await decide(server, undefined);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'empty_body',
      message: 'send the decision: { "decision": "release" | "keep", "overrideUntil"?, "note"? }',
      details: [{ field: 'decision', message: 'required' }],
    });
    expect(server.events.calls).toEqual([]);
  });

  it('answers 404 for an unknown hold and 409 for a released one, appending nothing', async () => {
    const server = createCreditHoldTestServer();
    const unknown = await decide(server, { decision: 'release' }, TOKENS.finance, 'hold-D-9-1');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual({ error: 'not_found', message: 'no such credit hold' });
    const released = await decide(server, { decision: 'release' }, TOKENS.finance, 'hold-D-2-1');
    expect(released.statusCode).toBe(409);
    expect(released.json()).toEqual({
      error: 'not_active',
      message:
        "credit hold hold-D-2-1 is no longer active (released 2026-03-20T11:00:00.000Z by finance); decide on the dealer's current hold",
    });
    expect(server.events.calls).toEqual([]);
  });

  it('answers 500 and logs the reason when the log dead-letters the decision', async () => {
    const server = createCreditHoldTestServer({
      append: async () => ({ accepted: 0, duplicates: 0, deadLettered: 1, reasons: [{ index: 0, reason: 'data.decidedBy: too small' }], lastSeq: null }),
    });
    const response = await decide(server, { decision: 'release' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toMatchObject({ error: 'internal_error' });
    expect(server.logLines.some((line) => line.includes('decision dead-lettered') && line.includes('data.decidedBy: too small'))).toBe(true);
  });

  it('answers 503 when the log cannot be written, and 503 when the hold cannot be read', async () => {
    const failing = createCreditHoldTestServer({
      append: async () => {
        throw new Error('database is down');
      },
    });
    const append = await decide(failing, { decision: 'release' });
    expect(append.statusCode).toBe(503);
    expect(failing.logLines.some((line) => line.includes('decision append failed') && line.includes('database is down'))).toBe(true);
    const unreadable = createCreditHoldTestServer();
    unreadable.holds.failWith(new Error('timeout'));
    expect((await decide(unreadable, { decision: 'release' })).statusCode).toBe(503);
  });
});

describe('POST /v1/dealers/{dealerId}/credit-holds', () => {
  it.each([
    ['finance', TOKENS.finance, 'Fran'],
    ['admin', TOKENS.admin, 'Ada'],
  ])('%s places a manual hold: credit.decision.recorded with decision "hold" and the note, 202', async (_who, token, name) => {
    const server = createCreditHoldTestServer();
    const response = await holdDealer(server, { note: 'dealer disputes every invoice; hold until the audit' }, token);
    expect(response.statusCode).toBe(202);
    const { eventId } = response.json() as { eventId: string };
    expect(eventId).toMatch(DECISION_ID);
    const envelope = appended(server);
    expect(envelope).toEqual({
      eventId,
      type: 'credit.decision.recorded',
      schemaVersion: 1,
      occurredAt: '2026-04-03T10:15:00.000Z',
      dealerId: 'D-1',
      source: 'dealerflow-api',
      data: { decision: 'hold', decidedBy: name, note: 'dealer disputes every invoice; hold until the audit' },
    });
    expect(parseInputValue(envelope)).toEqual({ ok: true, event: envelope });
  });

  it.each([
    ['no note', {}],
    ['a blank note', { note: ' \t ' }],
    ['a note that is not text', { note: 42 }],
    ['a note with U+0000', { note: 'disputed\u0000returns' }],
  ])('answers 400 naming note for %s', async (_what, body) => {
    const server = createCreditHoldTestServer();
    const response = await holdDealer(server, body);
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(['note']);
    expect(server.events.calls).toEqual([]);
  });

  it('answers 400 naming note when there is no body', async () => {
    const server = createCreditHoldTestServer();
    const response = await holdDealer(server, undefined);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({
      error: 'empty_body',
      message: 'send { "note": "<why the dealer is put on hold>" }',
      details: [{ field: 'note', message: 'required' }],
    });
    expect(server.events.calls).toEqual([]);
  });

  it('answers 404 for a dealer without a profile', async () => {
    const server = createCreditHoldTestServer({ profiles: { 'D-1': dealerProfile('Dealer One') } });
    const response = await holdDealer(server, { note: 'fraud suspected' }, TOKENS.finance, 'D-404');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'no such dealer' });
    expect(server.events.calls).toEqual([]);
  });

  it('answers 503 and logs the cause when the dealer directory cannot be read, appending nothing', async () => {
    const server = createCreditHoldTestServer({ directory: unreadableDirectory('directory timeout') });
    const response = await holdDealer(server, { note: 'fraud suspected' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'unavailable', message: 'the dealer directory cannot be read right now; try again' });
    const logged = server.logLines.map((line) => JSON.parse(line) as { level: number; msg: string; component?: string; err?: { message: string } });
    expect(logged.filter((line) => line.msg === 'dealer directory read failed')).toEqual([
      expect.objectContaining({ level: 50, component: 'credit', err: expect.objectContaining({ message: 'directory timeout' }) }),
    ]);
    expect(server.events.calls).toEqual([]);
  });

  it.each([
    ['ops', TOKENS.ops],
    ['ingest', TOKENS.ingest],
    ['a dealer', TOKENS.dealer1],
  ])('refuses %s (403)', async (_who, token) => {
    const server = createCreditHoldTestServer();
    const response = await holdDealer(server, { note: 'x' }, token);
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'forbidden', message: 'this token may not place credit holds' });
    expect(server.events.calls).toEqual([]);
  });

  it('is not served without the dealer directory (it could not tell an unknown dealer)', async () => {
    const server = createCreditHoldTestServer({ withDirectory: false });
    const response = await holdDealer(server, { note: 'x' });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'no route POST /v1/dealers/D-1/credit-holds' });
  });
});
