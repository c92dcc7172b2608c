import { describe, expect, it } from 'vitest';
import { bearer, createTestServer, TOKENS } from './inMemoryRuntime';

describe('GET /healthz', () => {
  it('answers anyone, without a token, with the watermark and the lag per worker', async () => {
    const { app } = createTestServer();
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ status: 'ok', watermark: '2026-04-02T09:00:00.000Z', lag: { credit: 0, stock: 3 } });
  });

  it('ignores an unknown token rather than refusing a probe', async () => {
    const { app } = createTestServer();
    const response = await app.inject({ method: 'GET', url: '/healthz', headers: bearer('tok-nobody') });
    expect(response.statusCode).toBe(200);
  });

  it('answers 503 in the error format when the database cannot be reached', async () => {
    const { app, health, logLines } = createTestServer();
    health.failWith(new Error('ECONNREFUSED'));
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(503);
    expect(response.json()).toEqual({ error: 'unavailable', message: 'the database cannot be reached' });
    expect(logLines.join('')).toContain('health check failed');
  });
});

describe('routing', () => {
  it.each([
    ['GET', '/v1/nothing?x=1', 'no route GET /v1/nothing'],
    ['DELETE', '/v1/events', 'no route DELETE /v1/events'],
    ['GET', '/', 'no route GET /'],
  ])('answers %s %s with 404 in the error format', async (method, url, message) => {
    const { app } = createTestServer();
    const response = await app.inject({ method: method as 'GET', url, headers: bearer(TOKENS.admin) });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.json()).toEqual({ error: 'not_found', message });
  });

  // A TypeError is a fault of ours, not an unreachable database: a 503 would have the client send it again forever.
  it('answers a port that throws synchronously with 500, telling nothing of the internals, and logs it', async () => {
    const { app, events, logLines } = createTestServer();
    events.eventLog.append = () => {
      throw new TypeError('secret internals');
    };
    const response = await app.inject({
      method: 'POST',
      url: '/v1/events',
      headers: { 'content-type': 'application/json', ...bearer(TOKENS.admin) },
      payload: '{}',
    });
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('secret internals');
    expect(logLines.join('')).toContain('secret internals');
  });

  it('answers an unexpected failure with 500 that tells nothing of the internals, and logs it', async () => {
    const { app, health, logLines } = createTestServer();
    // A probe breaking its contract makes the response fail its schema: a bug, not a client error.
    health.health.check = async () => ({ watermark: null, lag: { credit: 'secret internals' as unknown as number } });
    const response = await app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({ error: 'internal_error', message: 'the server failed to handle the request; it has been logged' });
    expect(logLines.join('')).toContain('request failed');
  });
});
