import { describe, expect, it } from 'vitest';
import { bearer, createTestServer, TOKENS } from './inMemoryRuntime';

const tick = '{"eventId":"t-1","type":"clock.tick","schemaVersion":1,"occurredAt":"2026-04-02T09:00:00Z","data":{}}';

/** An error as the PostgreSQL drivers (pg, PGlite) raise it: a SQLSTATE in `code`. */
function databaseError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

async function answerWhenAppendThrows(error: unknown) {
  const server = createTestServer();
  server.events.failWith(error as Error);
  const response = await server.app.inject({
    method: 'POST',
    url: '/v1/events',
    headers: { 'content-type': 'application/json', ...bearer(TOKENS.ingest) },
    payload: tick,
  });
  return { status: response.statusCode, error: response.json().error as string };
}

describe('POST /v1/events: a 503 says only that the database cannot be reached', () => {
  it.each([
    ['a refused connection', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['the server shutting down', databaseError('57P01', 'terminating connection due to administrator command')],
    ['too many connections', databaseError('53300', 'sorry, too many clients already')],
    ['a serialization failure', databaseError('40001', 'could not serialize access')],
    ['PGlite closed', new Error('PGlite is closed')],
  ])('%s: 503, send again', async (_case, error) => {
    expect(await answerWhenAppendThrows(error)).toEqual({ status: 503, error: 'unavailable' });
  });

  it.each([
    ['U+0000 in text', databaseError('22021', 'invalid byte sequence for encoding "UTF8": 0x00')],
    ['an offset PostgreSQL refuses', databaseError('22009', 'time zone displacement out of range')],
    ['an index row too large', databaseError('54000', 'index row size 3000 exceeds btree version 4 maximum 2704')],
    ['a stack overflow in serializing', new RangeError('Maximum call stack size exceeded')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'eventId')")],
  ])('%s: 500, since sending the same body again would fail again', async (_case, error) => {
    expect(await answerWhenAppendThrows(error)).toEqual({ status: 500, error: 'internal_error' });
  });
});
