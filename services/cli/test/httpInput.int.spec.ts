import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readAllOutputs, startServer, waitUntilCaughtUp, type ServerProcess } from '../src/testing/serverProcess';

let server: ServerProcess;
beforeAll(async () => {
  server = await startServer(['--data-dir', mkdtempSync(join(tmpdir(), 'dealerflow-http-'))], {
    DEALERFLOW_TOKENS: 'ingest-token=ingest,admin-token=admin',
    DEALERFLOW_BODY_LIMIT_BYTES: '4096',
  });
});
afterAll(async () => {
  expect(await server.stop('SIGTERM')).toBe(0);
});

const post = (body: string, contentType: string) =>
  fetch(`${server.url}/v1/events`, { method: 'POST', headers: { authorization: 'Bearer ingest-token', 'content-type': contentType }, body });

const tick = (id: string) => JSON.stringify({ eventId: id, type: 'clock.tick', schemaVersion: 1, occurredAt: '2026-03-01T00:00:00Z', data: {} });

it('answers malformed JSON with a 400 that says where', async () => {
  const response = await post('{"eventId": "x",\n  "type": }', 'application/json');
  expect(response.status).toBe(400);
  const body = (await response.json()) as { error: string; message: string };
  expect(body.message).toMatch(/line 2/i);
});

it('answers a body over the limit with 413 and takes nothing from it', async () => {
  const big = Array.from({ length: 80 }, (_, index) => tick(`big-${index}`)).join('\n');
  expect(big.length).toBeGreaterThan(4096);
  expect((await post(big, 'application/x-ndjson')).status).toBe(413);
  await waitUntilCaughtUp(server.url);
  const outputs = await readAllOutputs(server.url, 'admin-token');
  const health = (await (await fetch(`${server.url}/healthz`)).json()) as { watermark: string | null };
  expect(health.watermark).toBeNull();
  expect(outputs).toEqual([]);
});

it('dead-letters a bad line inside a good body and takes the rest', async () => {
  const response = await post([tick('good-1'), '{"not": "an event"}', tick('good-2')].join('\n'), 'application/x-ndjson');
  expect(response.status).toBe(202);
  expect(await response.json()).toMatchObject({ accepted: 2, deadLettered: 1, duplicates: 0, reasons: [{ index: 1, reason: 'type: required' }] });
  const outputs = (await readAllOutputs(server.url, 'admin-token')).map((line) => JSON.parse(line));
  expect(outputs.filter((output) => output.topic === 'dealer.dead-letter.v1').map((output) => output.data)).toEqual([
    { raw: { not: 'an event' }, reason: 'type: required' },
  ]);
  await waitUntilCaughtUp(server.url);
  const health = (await (await fetch(`${server.url}/healthz`)).json()) as { watermark: string | null };
  expect(health.watermark).toBe('2026-03-01T00:00:00.000Z');
});
