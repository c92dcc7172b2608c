import { createEventBuilder } from '@dealerflow/contracts/testing';
import { describe, expect, it } from 'vitest';
import { bearer, createTestServer, TOKENS } from './inMemoryRuntime';

const e = createEventBuilder();
const tick = (eventId: string) => e('clock.tick', '2026-04-02T09:00:00Z', {}, { eventId });

const json = { 'content-type': 'application/json' };
const ndjson = { 'content-type': 'application/x-ndjson' };

async function post(payload: string, headers: Record<string, string>, options: { bodyLimitBytes?: number } = {}) {
  const server = createTestServer(options);
  const response = await server.app.inject({ method: 'POST', url: '/v1/events', headers, payload });
  return { response, server };
}

describe('POST /v1/events: who may', () => {
  it.each([
    ['admin', TOKENS.admin],
    ['ingest', TOKENS.ingest],
  ])('%s may send events (202)', async (_role, token) => {
    const { response, server } = await post(JSON.stringify(tick('t-1')), { ...json, ...bearer(token) });
    expect(response.statusCode).toBe(202);
    expect(server.events.calls).toHaveLength(1);
  });

  it.each([
    ['ops', TOKENS.ops],
    ['finance', TOKENS.finance],
    ['dealer', TOKENS.dealer1],
  ])('%s may not (403) and nothing is appended', async (_role, token) => {
    const { response, server } = await post(JSON.stringify(tick('t-1')), { ...json, ...bearer(token) });
    expect(response.statusCode).toBe(403);
    expect(response.json()).toEqual({ error: 'forbidden', message: 'this token may not send events' });
    expect(server.events.calls).toHaveLength(0);
  });

  it.each([
    ['no Authorization header', {}, 'an Authorization: Bearer <token> header is required'],
    ['an unknown token', bearer('tok-nobody'), 'the token is not known'],
    ['another scheme', { authorization: `Basic ${TOKENS.admin}` }, 'the Authorization header must be "Bearer <token>"'],
    ['Bearer without a token', { authorization: 'Bearer ' }, 'the Authorization header must be "Bearer <token>"'],
  ])('%s is 401 with WWW-Authenticate, nothing appended', async (_case, headers, message) => {
    const { response, server } = await post(JSON.stringify(tick('t-1')), { ...json, ...headers });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer');
    expect(response.json()).toEqual({ error: 'unauthorized', message });
    expect(server.events.calls).toHaveLength(0);
  });

  it('accepts the scheme in any case', async () => {
    const { response } = await post(JSON.stringify(tick('t-1')), { ...json, authorization: `bearer ${TOKENS.ingest}` });
    expect(response.statusCode).toBe(202);
  });

  it('never writes the token to the log', async () => {
    const { server } = await post(JSON.stringify(tick('t-1')), { ...json, ...bearer(TOKENS.ingest) });
    await server.app.inject({ method: 'POST', url: '/v1/events', headers: { ...json, ...bearer('tok-wrong-guess') }, payload: '{}' });
    const log = server.logLines.join('');
    expect(log).toContain('events ingested');
    expect(log).not.toContain(TOKENS.ingest);
    expect(log).not.toContain('tok-wrong-guess');
  });
});

describe('POST /v1/events: bodies', () => {
  const auth = bearer(TOKENS.ingest);

  it('takes one envelope', async () => {
    const { response, server } = await post(JSON.stringify(tick('t-1')), { ...json, ...auth });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ accepted: 1, deadLettered: 0, duplicates: 0, reasons: [] });
    expect(server.events.calls[0]).toEqual([{ value: tick('t-1') }]);
  });

  it('takes a JSON array; a bad element is dead-lettered by index and the rest taken', async () => {
    const body = [tick('t-1'), { type: 'clock.tick' }, tick('t-3'), 42];
    const { response, server } = await post(JSON.stringify(body), { ...json, ...auth });
    expect(response.statusCode).toBe(202);
    const answer = response.json();
    expect(answer).toMatchObject({ accepted: 2, deadLettered: 2, duplicates: 0 });
    expect(answer.reasons.map((r: { index: number }) => r.index)).toEqual([1, 3]);
    expect(answer.reasons[1].reason).toBe('expected a JSON object (an event envelope)');
    expect(answer.reasons[0]).not.toHaveProperty('line');
    expect([...server.events.stored.keys()]).toEqual(['t-1', 't-3']);
  });

  it('takes NDJSON: blank lines skipped, a bad line dead-lettered with its line number, the rest accepted', async () => {
    const body = [JSON.stringify(tick('t-1')), '', '{"eventId": "x", oops', '   ', JSON.stringify(tick('t-2')), ''].join('\r\n');
    const { response, server } = await post(body, { ...ndjson, ...auth });
    expect(response.statusCode).toBe(202);
    const answer = response.json();
    expect(answer).toMatchObject({ accepted: 2, deadLettered: 1, duplicates: 0 });
    expect(answer.reasons).toHaveLength(1);
    expect(answer.reasons[0]).toMatchObject({ index: 1, line: 3 });
    expect(answer.reasons[0].reason).toMatch(/^invalid JSON/);
    expect(server.events.calls[0]).toEqual([
      { text: JSON.stringify(tick('t-1')) },
      { text: '{"eventId": "x", oops' },
      { text: JSON.stringify(tick('t-2')) },
    ]);
  });

  it('takes NDJSON with a charset parameter and without a final newline', async () => {
    const body = `${JSON.stringify(tick('t-1'))}\n${JSON.stringify(tick('t-2'))}`;
    const { response } = await post(body, { 'content-type': 'application/x-ndjson; charset=utf-8', ...auth });
    expect(response.json()).toMatchObject({ accepted: 2, deadLettered: 0 });
  });

  it('counts an eventId already in the log as a duplicate', async () => {
    const server = createTestServer();
    const send = () =>
      server.app.inject({ method: 'POST', url: '/v1/events', headers: { ...json, ...auth }, payload: JSON.stringify([tick('t-1'), tick('t-2')]) });
    await send();
    const again = await send();
    expect(again.json()).toEqual({ accepted: 0, deadLettered: 0, duplicates: 2, reasons: [] });
  });

  it('answers malformed JSON with 400 naming line, column and position; nothing appended', async () => {
    const body = `[\n  ${JSON.stringify(tick('t-1'))},\n  {"eventId": }\n]`;
    const { response, server } = await post(body, { ...json, ...auth });
    expect(response.statusCode).toBe(400);
    const position = body.indexOf('}\n]');
    expect(response.json()).toEqual({
      error: 'malformed_json',
      message: `the body is not valid JSON: unexpected "}" at line 3, column 15 (position ${position})`,
      details: [{ message: 'unexpected "}"', line: 3, column: 15, position }],
    });
    expect(server.events.calls).toHaveLength(0);
  });

  it.each([
    ['an empty JSON body', '', json],
    ['a blank JSON body', '  \n ', json],
    ['an empty array', '[]', json],
    ['an empty NDJSON body', '', ndjson],
    ['NDJSON of blank lines', '\n \r\n\n', ndjson],
    ['no body and no Content-Type', '', {}],
  ])('answers %s with 400 empty_body', async (_case, payload, headers) => {
    const { response, server } = await post(payload, { ...headers, ...auth });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'empty_body' });
    expect(server.events.calls).toHaveLength(0);
  });

  it.each(['42', '"text"', 'null', 'true'])('refuses a JSON body that is neither object nor array (%s) with 400', async (payload) => {
    const { response, server } = await post(payload, { ...json, ...auth });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: 'invalid_request' });
    expect(response.json().message).toMatch(/^invalid body: /);
    expect(server.events.calls).toHaveLength(0);
  });

  it('answers a body over the limit with 413 and does not call append', async () => {
    const body = JSON.stringify([tick('t-1'), tick('t-2'), tick('t-3')]);
    const { response, server } = await post(body, { ...json, ...auth }, { bodyLimitBytes: 200 });
    expect(body.length).toBeGreaterThan(200);
    expect(response.statusCode).toBe(413);
    expect(response.json()).toEqual({ error: 'body_too_large', message: 'the body is over the size limit; nothing was taken' });
    expect(server.events.calls).toHaveLength(0);
  });

  it('takes a body exactly at the limit', async () => {
    const body = JSON.stringify(tick('t-1'));
    const { response } = await post(body, { ...json, ...auth }, { bodyLimitBytes: Buffer.byteLength(body) });
    expect(response.statusCode).toBe(202);
  });

  it.each(['text/plain', 'application/xml', 'multipart/form-data; boundary=x'])('answers Content-Type %s with 415', async (type) => {
    const { response, server } = await post(JSON.stringify(tick('t-1')), { 'content-type': type, ...auth });
    expect(response.statusCode).toBe(415);
    expect(response.json()).toEqual({ error: 'unsupported_media_type', message: 'send application/json or application/x-ndjson' });
    expect(server.events.calls).toHaveLength(0);
  });

  it('answers 503 when the log cannot take the events, and logs it', async () => {
    const server = createTestServer();
    server.events.failWith(new Error('connection refused'));
    const response = await server.app.inject({ method: 'POST', url: '/v1/events', headers: { ...json, ...auth }, payload: JSON.stringify(tick('t-1')) });
    expect(response.statusCode).toBe(503);
    expect(response.json().error).toBe('unavailable');
    expect(server.logLines.join('')).toContain('ingest append failed');
  });

  it('answers only after append resolved', async () => {
    const server = createTestServer();
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const append = server.events.eventLog.append.bind(server.events.eventLog);
    server.events.eventLog.append = async (items) => {
      await gate;
      return append(items);
    };
    let answered = false;
    const pending = server.app
      .inject({ method: 'POST', url: '/v1/events', headers: { ...json, ...auth }, payload: JSON.stringify(tick('t-1')) })
      .then((response) => {
        answered = true;
        return response;
      });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);
    release();
    expect((await pending).statusCode).toBe(202);
  });
});
