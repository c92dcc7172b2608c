import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { afterAll, expect, it } from 'vitest';
import { alertsOneByOnePolicyFile, postNdjson, startServer, waitUntilCaughtUp, type ServerProcess } from '../src/testing/serverProcess';

const DEFAULT_SECRET = `whsec_${Buffer.from('the default secret every dealer shared').toString('base64')}`;
const TOKENS = 'adm-token=admin@Ada,ops-token=ops@Ops Desk,fin-token=finance,dla-token=dealer:D-A';

interface Received {
  dealerId: string;
  headers: Record<string, string>;
  body: string;
}

/** Both dealers' webhook receivers on one loopback server (`/hook/<dealerId>`), answering 204. */
async function startReceiver() {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ dealerId: String(request.url).split('/').pop()!, headers: request.headers as Record<string, string>, body: Buffer.concat(chunks).toString('utf8') });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    urlOf: (dealerId: string) => `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook/${dealerId}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A dealer's check, as docs/notifier-channels.md tells it: any one `v1,` signature of the header matches. */
function verifies(secret: string, request: Received): boolean {
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const signed = `${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`;
  const expected = createHmac('sha256', key).update(signed).digest();
  return request.headers['webhook-signature']!.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const running: ServerProcess[] = [];
afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) await server.stop('SIGTERM');
});

it("dealerflow start: operations give each dealer its own webhook secret over HTTP; a dealer's webhooks verify with its secret only, with both during a rotation's overlap, and after a restart", async () => {
  const receiver = await startReceiver();
  const dataDir = mkdtempSync(join(tmpdir(), 'dealerflow-secrets-'));
  const policy = alertsOneByOnePolicyFile();
  const env = { DEALERFLOW_TOKENS: TOKENS, DEALERFLOW_WEBHOOK_SECRET: DEFAULT_SECRET, SMTP_URL: '', DEALERFLOW_EMAIL_OUTBOX: '' };
  const e = createEventBuilder();
  const dealer = (dealerId: string) =>
    e('dealer.upserted', '2026-03-01T00:00:00Z', {
      name: dealerId, tier: 'A', region: 'East', locale: 'en', timezone: 'UTC', currency: 'CNY',
      creditLimit: 10_000, paymentTerms: { netDays: 30 }, contacts: { webhookUrl: receiver.urlOf(dealerId) },
    }, { dealerId });
  const skus = ['SKU-1', 'SKU-2', 'SKU-3', 'SKU-4'];
  const stockOut = (dealerId: string, sku: string, hour: number) =>
    e('dealer.stock.reported', `2026-03-02T${String(hour).padStart(2, '0')}:00:00Z`, { items: [{ sku, onHand: 0 }] }, { dealerId });
  const send = async (server: ServerProcess, events: object[]) => {
    const response = await postNdjson(server.url, 'adm-token', events.map((event) => JSON.stringify(event)));
    expect(response.status).toBe(202);
    await waitUntilCaughtUp(server.url);
  };

  let server = await startServer(['--data-dir', dataDir, '--policy', policy], env);
  running.push(server);
  const secretOf = async (dealerId: string, token: string, body?: object) =>
    fetch(`${server.url}/v1/dealers/${dealerId}/webhook-secret`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  try {
    await send(server, [
      dealer('D-A'),
      dealer('D-B'),
      ...skus.map((sku) => e('product.upserted', '2026-03-01T00:00:00Z', { sku, name: sku, category: 'pumps', unitPrice: 100 })),
      ...['D-A', 'D-B'].map((dealerId) =>
        e('dealer.sales.reported', '2026-03-01T10:00:00Z', { date: '2026-03-01', items: skus.map((sku) => ({ sku, qty: 3 })) }, { dealerId })),
    ]);
    expect((await secretOf('D-A', 'dla-token')).status).toBe(403);
    expect((await secretOf('D-A', 'fin-token')).status).toBe(403);
    const createdA = await secretOf('D-A', 'ops-token');
    expect(createdA.status).toBe(201);
    expect(createdA.headers.get('cache-control')).toBe('no-store');
    const a1 = ((await createdA.json()) as { secret: string }).secret;
    const b = ((await (await secretOf('D-B', 'adm-token')).json()) as { secret: string }).secret;

    await send(server, [stockOut('D-A', 'SKU-1', 9), stockOut('D-B', 'SKU-1', 9)]);
    await until(() => receiver.received.length === 2, 'a webhook to each dealer');
    const toA = receiver.received.find((request) => request.dealerId === 'D-A')!;
    const toB = receiver.received.find((request) => request.dealerId === 'D-B')!;
    expect([verifies(a1, toA), verifies(b, toA), verifies(DEFAULT_SECRET, toA)]).toEqual([true, false, false]);
    expect([verifies(b, toB), verifies(a1, toB), verifies(DEFAULT_SECRET, toB)]).toEqual([true, false, false]);

    // Long enough that a webhook sent on a loaded CI machine still falls inside the overlap.
    const rotation = (await (await secretOf('D-A', 'ops-token', { overlapSeconds: 15 })).json()) as { secret: string; previous: { validUntil: string }[] };
    const a2 = rotation.secret;
    const overlapEnds = Date.parse(rotation.previous[0]!.validUntil);
    await send(server, [stockOut('D-A', 'SKU-2', 10)]);
    await until(() => receiver.received.length === 3, 'a webhook during the overlap');
    expect([verifies(a2, receiver.received[2]!), verifies(a1, receiver.received[2]!)]).toEqual([true, true]);

    await until(() => Date.now() > overlapEnds + 50, 'the end of the overlap');
    await send(server, [stockOut('D-A', 'SKU-3', 11)]);
    await until(() => receiver.received.length === 4, 'a webhook after the overlap');
    expect([verifies(a2, receiver.received[3]!), verifies(a1, receiver.received[3]!), verifies(DEFAULT_SECRET, receiver.received[3]!)]).toEqual([true, false, false]);

    const status = await fetch(`${server.url}/v1/dealers/D-A/webhook-secret`, { headers: { authorization: 'Bearer dla-token' } });
    expect(await status.json()).toMatchObject({ dealerId: 'D-A', signedWith: 'own', previous: [] });
    expect(await server.stop('SIGTERM')).toBe(0);

    // The sealing key stayed in the data folder: after a restart the dealer's secret still signs.
    server = await startServer(['--data-dir', dataDir, '--policy', policy], env);
    running.push(server);
    await send(server, [stockOut('D-A', 'SKU-4', 12)]);
    await until(() => receiver.received.length === 5, 'a webhook after the restart');
    expect([verifies(a2, receiver.received[4]!), verifies(DEFAULT_SECRET, receiver.received[4]!)]).toEqual([true, false]);
    expect(await server.stop('SIGTERM')).toBe(0);
    const logs = running.map((one) => one.stdout() + one.stderr()).join('\n');
    for (const secret of [a1, a2, b]) expect(logs).not.toContain(secret.slice('whsec_'.length));
    expect(logs).toContain('webhook secret rotated');
  } finally {
    await receiver.close();
  }
});
