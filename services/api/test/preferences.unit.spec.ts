import { notifyPolicySchema } from '@dealerflow/domain';
import { describe, expect, it } from 'vitest';
import { bearer, createTestServer, TOKENS } from './inMemoryRuntime';
import { createNotificationTestServer, dealerProfile } from './inMemoryNotifications';

const DEALER_KINDS = [
  'stock.alert.raised',
  'stock.alerts.summarised',
  'delivery.late',
  'delivery.partial',
  'credit.hold.placed',
  'credit.hold.released',
  'rebate.tier.reached',
  'rebate.statement.issued',
  'rebate.adjustment.issued',
  'cash.discount.earned',
  'rebate.accrued',
];

const allOn = () => Object.fromEntries(DEALER_KINDS.map((kind) => [kind, true]));
const everythingOn = () => ({ channels: { webhook: allOn(), email: allOn(), inApp: allOn() } });

const profiles = { 'D-1': dealerProfile('Dealer One'), 'D-2': dealerProfile('Dealer Two') };
const URL1 = '/v1/dealers/D-1/preferences';

function server() {
  return createNotificationTestServer({ profiles });
}

function put(app: ReturnType<typeof server>['app'], url: string, token: string, payload: unknown, contentType = 'application/json') {
  return app.inject({
    method: 'PUT',
    url,
    headers: { ...bearer(token), 'content-type': contentType },
    payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
  });
}

describe('GET /v1/dealers/{dealerId}/preferences', () => {
  it.each([
    ['the dealer itself', TOKENS.dealer1],
    ['ops', TOKENS.ops],
    ['admin', TOKENS.admin],
  ])('%s reads the whole document: every kind the dealer can receive, on every channel, on by default', async (_who, token) => {
    const { app, ports } = server();
    const response = await app.inject({ method: 'GET', url: URL1, headers: bearer(token) });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(everythingOn());
    expect(ports.calls).toEqual(['profile D-1', 'get D-1']);
  });

  it('shows a stored opt-out as false and every kind not named as true', async () => {
    const { app, ports } = server();
    ports.stored.set('D-1', { channels: { email: { 'stock.alert.raised': false, 'delivery.late': true } } });
    const response = await app.inject({ method: 'GET', url: URL1, headers: bearer(TOKENS.dealer1) });
    const expected = everythingOn();
    expected.channels.email['stock.alert.raised'] = false;
    expect(response.json()).toEqual(expected);
  });

  it.each([
    ['finance', TOKENS.finance, 403],
    ['ingest', TOKENS.ingest, 403],
  ])('refuses %s (%i) without reading anything', async (_who, token, status) => {
    const { app, ports } = server();
    const response = await app.inject({ method: 'GET', url: URL1, headers: bearer(token) });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: 'forbidden', message: 'this token may not read notification preferences' });
    expect(ports.calls).toEqual([]);
  });

  it('answers no token with 401', async () => {
    const { app } = server();
    const response = await app.inject({ method: 'GET', url: URL1 });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
  });

  it("answers another dealer's token with the same 404 as a dealer that does not exist, asking no port", async () => {
    const { app, ports } = server();
    const existing = await app.inject({ method: 'GET', url: '/v1/dealers/D-2/preferences', headers: bearer(TOKENS.dealer1) });
    const missing = await app.inject({ method: 'GET', url: '/v1/dealers/D-9/preferences', headers: bearer(TOKENS.dealer1) });
    expect(existing.statusCode).toBe(404);
    expect(existing.json()).toEqual({ error: 'not_found', message: 'no such dealer' });
    expect(missing.json()).toEqual(existing.json());
    expect(ports.calls).toEqual([]);
  });

  it('answers an unknown dealer with 404 for ops', async () => {
    const { app, ports } = server();
    const response = await app.inject({ method: 'GET', url: '/v1/dealers/D-9/preferences', headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'no such dealer' });
    expect(ports.calls).toEqual(['profile D-9']);
  });

  it("lists only the kinds the configured policy lets the dealer receive", async () => {
    const notifyPolicy = notifyPolicySchema.parse({ audiences: { dealer: { types: ['credit.hold.placed', 'delivery.late'] } } });
    const { app } = createNotificationTestServer({ profiles }, { notifyPolicy });
    const response = await app.inject({ method: 'GET', url: URL1, headers: bearer(TOKENS.ops) });
    const two = { 'credit.hold.placed': true, 'delivery.late': true };
    expect(response.json()).toEqual({ channels: { webhook: two, email: two, inApp: two } });
  });

  it('answers 503 and logs when the store cannot be read', async () => {
    const { app, ports, logLines } = server();
    ports.failWith(new Error('ECONNREFUSED secret'));
    const response = await app.inject({ method: 'GET', url: URL1, headers: bearer(TOKENS.ops) });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'unavailable', message: 'the notifications cannot be reached right now; try again' });
    expect(response.body).not.toContain('secret');
    expect(logLines.join('')).toContain('dealer directory read failed');
  });
});

describe('PUT /v1/dealers/{dealerId}/preferences', () => {
  it.each([
    ['the dealer itself', TOKENS.dealer1],
    ['ops', TOKENS.ops],
    ['admin', TOKENS.admin],
  ])('%s replaces the document and gets the stored whole document back', async (_who, token) => {
    const { app, ports } = server();
    const body = { channels: { email: { 'stock.alert.raised': false }, inApp: { 'rebate.accrued': false } } };
    const response = await put(app, URL1, token, body);
    expect(response.statusCode).toBe(200);
    const expected = everythingOn();
    expected.channels.email['stock.alert.raised'] = false;
    expected.channels.inApp['rebate.accrued'] = false;
    expect(response.json()).toEqual(expected);
    expect(ports.stored.get('D-1')).toEqual(body);

    const read = await app.inject({ method: 'GET', url: URL1, headers: bearer(token) });
    expect(read.json()).toEqual(expected);
  });

  it('replaces rather than merges: a later document without the opt-out switches it back on', async () => {
    const { app, ports } = server();
    await put(app, URL1, TOKENS.dealer1, { channels: { webhook: { 'delivery.late': false } } });
    const response = await put(app, URL1, TOKENS.dealer1, { channels: { email: { 'delivery.partial': false } } });
    const expected = everythingOn();
    expected.channels.email['delivery.partial'] = false;
    expect(response.json()).toEqual(expected);
    expect(ports.stored.get('D-1')).toEqual({ channels: { email: { 'delivery.partial': false } } });
  });

  it('logs who changed the preferences', async () => {
    const { app, logLines } = server();
    await put(app, URL1, TOKENS.admin, { channels: {} });
    const line = logLines.map((text) => JSON.parse(text) as Record<string, unknown>).find((entry) => entry.msg === 'preferences replaced');
    expect(line).toMatchObject({ dealerId: 'D-1', by: 'admin', name: 'Ada', component: 'preferences' });
  });

  it.each([
    [{ channels: { sms: { 'delivery.late': false } } }, ['channels', 'sms'], 'unknown channel "sms": expected one of webhook, email, inApp'],
    [{ channels: { email: { 'stock.alert.lowered': false } } }, ['channels', 'email', 'stock.alert.lowered'], 'unknown kind "stock.alert.lowered"'],
    [{ channels: { email: { 'credit.limit.warning': false } } }, ['channels', 'email', 'credit.limit.warning'], 'unknown kind "credit.limit.warning"'],
    [{ channels: { inApp: { 'delivery.late': 'no' } } }, ['channels', 'inApp', 'delivery.late'], 'expected true or false for "delivery.late"'],
    [{ channel: {} }, ['channel'], 'unknown key "channel"'],
    [[], [], 'expected an object'],
  ])('refuses %j with 400 naming the bad key, storing nothing', async (body, path, message) => {
    const { app, ports } = server();
    const response = await put(app, URL1, TOKENS.dealer1, body);
    expect(response.statusCode).toBe(400);
    const answer = response.json() as { error: string; message: string; details: { path: string[]; message: string }[] };
    expect(answer.error).toBe('invalid_request');
    expect(answer.details[0]!.path).toEqual(path);
    expect(answer.details[0]!.message).toContain(message);
    expect(answer.message).toContain(message);
    expect(ports.stored.size).toBe(0);
  });

  it('names every bad key at once', async () => {
    const { app } = server();
    const response = await put(app, URL1, TOKENS.ops, { channels: { sms: {}, email: { nope: true } } });
    expect((response.json() as { details: { path: string[] }[] }).details.map((detail) => detail.path)).toEqual([
      ['channels', 'sms'],
      ['channels', 'email', 'nope'],
    ]);
  });

  it('answers malformed JSON with 400 malformed_json saying where', async () => {
    const { app, ports } = server();
    const response = await put(app, URL1, TOKENS.ops, '{ "channels": { "email": { "delivery.late": fals } } }');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'malformed_json', details: [{ line: 1, column: 49, position: 48 }] });
    expect(ports.stored.size).toBe(0);
  });

  it('answers an empty body with 400 empty_body and another media type with 415', async () => {
    const { app } = server();
    const empty = await put(app, URL1, TOKENS.ops, '');
    expect(empty.statusCode).toBe(400);
    expect(empty.json()).toMatchObject({ error: 'empty_body' });
    const text = await put(app, URL1, TOKENS.ops, 'channels', 'text/plain');
    expect(text.statusCode).toBe(415);
  });

  it("answers another dealer's token with 404 before looking at the body", async () => {
    const { app, ports } = server();
    const response = await put(app, '/v1/dealers/D-2/preferences', TOKENS.dealer1, '{ not json');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: 'no such dealer' });
    expect(ports.calls).toEqual([]);
  });

  it('answers an unknown dealer with 404 and stores nothing for it', async () => {
    const { app, ports } = server();
    const response = await put(app, '/v1/dealers/D-9/preferences', TOKENS.ops, { channels: {} });
    expect(response.statusCode).toBe(404);
    expect(ports.stored.size).toBe(0);
  });

  it.each([
    ['finance', TOKENS.finance],
    ['ingest', TOKENS.ingest],
  ])('refuses %s with 403', async (_who, token) => {
    const { app, ports } = server();
    const response = await put(app, URL1, token, { channels: {} });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'forbidden', message: 'this token may not change notification preferences' });
    expect(ports.stored.size).toBe(0);
  });

  it('answers 503 and logs when the store cannot be written', async () => {
    const { app, ports, logLines } = server();
    ports.preferences.put = async () => {
      throw new Error('disk full');
    };
    const response = await put(app, URL1, TOKENS.ops, { channels: {} });
    expect(response.statusCode).toBe(503);
    expect(logLines.join('')).toContain('preferences write failed');
  });
});

describe('without the notification ports', () => {
  it.each([
    ['GET', '/v1/dealers/D-1/preferences'],
    ['PUT', '/v1/dealers/D-1/preferences'],
    ['GET', '/v1/dealers/D-1/inbox'],
    ['GET', '/v1/notifications'],
    ['POST', '/v1/notifications/ntf-1/retry'],
  ])('%s %s is not a route', async (method, url) => {
    const { app } = createTestServer();
    const response = await app.inject({ method: method as 'GET', url, headers: bearer(TOKENS.admin) });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({ error: 'not_found', message: `no route ${method} ${url}` });
  });
});
