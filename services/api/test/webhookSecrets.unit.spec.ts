import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createServer, parseTokens } from '../src';
import { createInMemoryNotifications, dealerProfile } from './inMemoryNotifications';
import { createInMemoryWebhookSecrets } from './inMemoryWebhookSecrets';
import { bearer, createInMemoryEventLog, createInMemoryHealth, createInMemoryOutputReader, TOKEN_SPEC, TOKENS } from './inMemoryRuntime';

const T0 = Date.parse('2026-04-18T09:00:00Z');
const URL_D1 = '/v1/dealers/D-1/webhook-secret';

function secretServer(options: { withoutKey?: boolean } = {}) {
  const clock = { now: T0 };
  const logLines: string[] = [];
  const notifications = createInMemoryNotifications({ profiles: { 'D-1': dealerProfile('Dealer One'), 'D-2': dealerProfile('Dealer Two') } });
  const secrets = createInMemoryWebhookSecrets({ now: () => clock.now, ...options });
  const app = createServer({
    eventLog: createInMemoryEventLog().eventLog,
    outputs: createInMemoryOutputReader([]).reader,
    health: createInMemoryHealth({ watermark: null, lag: {} }).health,
    tokens: parseTokens(TOKEN_SPEC),
    logger: pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) }),
    directory: notifications.directory,
    webhookSecrets: secrets.port,
  });
  const call = (method: 'GET' | 'POST' | 'DELETE', token: string, url = URL_D1, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { ...bearer(token), ...(payload === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(payload === undefined ? {} : { payload: typeof payload === 'string' ? payload : JSON.stringify(payload) }),
    });
  return { app, call, clock, secrets, logLines };
}

describe('/v1/dealers/{dealerId}/webhook-secret', () => {
  it('creates a secret once (201, no-store), then GET tells when it was made and never the secret', async () => {
    const { call, secrets } = secretServer();
    const created = await call('POST', TOKENS.admin);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    expect(created.json()).toEqual({
      dealerId: 'D-1',
      signedWith: 'own',
      createdAt: '2026-04-18T09:00:00.000Z',
      previous: [],
      secret: 'whsec_test-1',
      replaced: false,
    });
    expect(secrets.signingSecrets('D-1')).toEqual(['whsec_test-1']);

    for (const token of [TOKENS.admin, TOKENS.ops, TOKENS.dealer1]) {
      const read = await call('GET', token);
      expect(read.statusCode).toBe(200);
      expect(read.json()).toEqual({ dealerId: 'D-1', signedWith: 'own', createdAt: '2026-04-18T09:00:00.000Z', previous: [] });
      expect(read.body).not.toContain('whsec_');
    }
    const other = await call('GET', TOKENS.admin, '/v1/dealers/D-2/webhook-secret');
    expect(other.json()).toEqual({ dealerId: 'D-2', signedWith: 'default', createdAt: null, previous: [] });
  });

  it('rotates: the replaced secret signs beside the new one for the default overlap, or the overlap asked for', async () => {
    const { call, clock, secrets } = secretServer();
    await call('POST', TOKENS.admin);
    clock.now = T0 + 60_000;
    const rotated = await call('POST', TOKENS.ops);
    expect(rotated.statusCode).toBe(201);
    expect(rotated.json()).toMatchObject({
      secret: 'whsec_test-2',
      replaced: true,
      createdAt: '2026-04-18T09:01:00.000Z',
      previous: [{ createdAt: '2026-04-18T09:00:00.000Z', retiredAt: '2026-04-18T09:01:00.000Z', validUntil: '2026-04-19T09:01:00.000Z' }],
    });
    expect(secrets.signingSecrets('D-1')).toEqual(['whsec_test-2', 'whsec_test-1']);

    const leaked = await call('POST', TOKENS.admin, URL_D1, { overlapSeconds: 0 });
    expect(leaked.json()).toMatchObject({ secret: 'whsec_test-3', replaced: true });
    expect(secrets.signingSecrets('D-1')).toEqual(['whsec_test-3', 'whsec_test-1']);
    // An empty JSON body is the default overlap, as no body is.
    expect((await call('POST', TOKENS.admin, URL_D1, '')).statusCode).toBe(201);
  });

  it('lets only admin and ops create, rotate and remove; a dealer reads its own, finance and ingest nothing', async () => {
    const { call, secrets } = secretServer();
    for (const token of [TOKENS.dealer1, TOKENS.dealer2, TOKENS.finance, TOKENS.ingest]) {
      for (const method of ['POST', 'DELETE'] as const) {
        const refused = await call(method, token);
        expect(refused.statusCode).toBe(403);
        expect(refused.json()).toMatchObject({ error: 'forbidden' });
      }
    }
    expect((await call('GET', TOKENS.finance)).statusCode).toBe(403);
    expect((await call('GET', TOKENS.ingest)).statusCode).toBe(403);
    expect((await call('GET', TOKENS.dealer2)).json()).toEqual({ error: 'not_found', message: 'no such dealer' });
    expect((await app401()).statusCode).toBe(401);
    expect(secrets.calls.filter((made) => made.startsWith('rotate') || made.startsWith('remove'))).toEqual([]);

    async function app401() {
      return secretServer().app.inject({ method: 'POST', url: URL_D1 });
    }
  });

  it('removes: the dealer is signed with the default again (204)', async () => {
    const { call, secrets } = secretServer();
    await call('POST', TOKENS.admin);
    const removed = await call('DELETE', TOKENS.ops);
    expect(removed.statusCode).toBe(204);
    expect(removed.body).toBe('');
    expect(secrets.signingSecrets('D-1')).toEqual([]);
    expect((await call('GET', TOKENS.ops)).json()).toMatchObject({ signedWith: 'default', createdAt: null });
  });

  it('refuses an overlap out of range or an unknown field (400 naming it), and a dealer nobody knows (404) before the store is asked', async () => {
    const { call, secrets } = secretServer();
    for (const payload of [{ overlapSeconds: -1 }, { overlapSeconds: 8 * 86_400 }, { overlapSeconds: 1.5 }, { overlapSeconds: '60' }]) {
      const refused = await call('POST', TOKENS.admin, URL_D1, payload);
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      expect(refused.json()).toMatchObject({ error: 'invalid_request', details: [{ field: 'overlapSeconds' }] });
    }
    const unknownField = await call('POST', TOKENS.admin, URL_D1, { overlap: 60 });
    expect(unknownField.statusCode).toBe(400);
    expect(unknownField.body).toContain('overlap');
    expect((await call('POST', TOKENS.admin, URL_D1, '{"overlapSeconds": }')).json()).toMatchObject({ error: 'malformed_json' });
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const unknown = await call(method, TOKENS.admin, '/v1/dealers/D-404/webhook-secret');
      expect(unknown.statusCode).toBe(404);
    }
    expect(secrets.calls).toEqual([]);
  });

  it('answers 409 secrets_key_missing when the notifier has no key to keep secrets with, 503 when the store fails', async () => {
    const withoutKey = secretServer({ withoutKey: true });
    const refused = await withoutKey.call('POST', TOKENS.admin);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ error: 'secrets_key_missing', message: expect.stringContaining('DEALERFLOW_SECRETS_KEY') });

    const { call, secrets } = secretServer();
    secrets.failWith(new Error('connection refused'));
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      const failed = await call(method, TOKENS.admin);
      expect(failed.statusCode).toBe(503);
      expect(failed.json()).toMatchObject({ error: 'unavailable' });
    }
  });

  it('logs who created, rotated and removed a secret, and never the secret', async () => {
    const { call, logLines } = secretServer();
    const created = (await call('POST', TOKENS.admin)).json<{ secret: string }>();
    const rotated = (await call('POST', TOKENS.ops, URL_D1, { overlapSeconds: 600 })).json<{ secret: string }>();
    await call('DELETE', TOKENS.admin);
    const messages = logLines.map((line) => JSON.parse(line) as { msg: string; dealerId?: string; by?: string; name?: string; overlapUntil?: string });
    expect(messages.filter((line) => line.msg.startsWith('webhook secret'))).toEqual([
      expect.objectContaining({ msg: 'webhook secret created', dealerId: 'D-1', by: 'admin', name: 'Ada' }),
      expect.objectContaining({ msg: 'webhook secret rotated', dealerId: 'D-1', by: 'ops', overlapUntil: '2026-04-18T09:10:00.000Z' }),
      expect.objectContaining({ msg: 'webhook secret removed', dealerId: 'D-1', by: 'admin' }),
    ]);
    const log = logLines.join('\n');
    expect(log).not.toContain(created.secret);
    expect(log).not.toContain(rotated.secret);
  });

  it('is in the OpenAPI document: GET, POST (201 with the secret, the overlap in its body), DELETE (204)', async () => {
    const { app } = secretServer();
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, any>> }>();
    const path = document.paths['/v1/dealers/{dealerId}/webhook-secret']!;
    expect(Object.keys(path).sort()).toEqual(['delete', 'get', 'post']);
    expect(Object.keys(path['post'].responses)).toEqual(['201', '401', '403', 'default']);
    const answered = path['post'].responses['201'].content['application/json'].schema;
    expect(answered.required).toEqual(expect.arrayContaining(['secret', 'replaced', 'dealerId', 'signedWith']));
    expect(path['post'].requestBody.content['application/json'].schema.properties).toHaveProperty('overlapSeconds');
    expect(Object.keys(path['get'].responses['200'].content['application/json'].schema.properties)).not.toContain('secret');
    expect(Object.keys(path['delete'].responses)).toEqual(['204', '401', '403', 'default']);
  });
});
