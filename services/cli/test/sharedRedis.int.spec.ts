import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { requireServer } from '@dealerflow/testkit/testing';
import { afterAll, expect, it } from 'vitest';
import { dropRedisPrefix, probeRedis } from '../src/bench/redisProbe';
import { alertsOneByOnePolicyFile, postNdjson, startServer, waitUntilCaughtUp, type ServerProcess } from '../src/testing/serverProcess';

// Issue 18, defect 5, as an operator meets it: `dealerflow start` on a fresh data folder, on a Redis that an earlier
// instance used, with the same DEALERFLOW_QUEUE_PREFIX. Events in over HTTP, webhooks out to a loopback receiver.
// Without Redis the file fails under CI and is skipped elsewhere, with the reason.
const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const probe = await probeRedis(REDIS_URL);
const skip = requireServer(`Redis at ${REDIS_URL}`, probe.reachable ? { reachable: true } : probe);
const PREFIX = `dealerflow-test-start-shared-${process.pid}-${Date.now()}`;
const TOKENS = 'adm-token=admin@Ada';

const running: ServerProcess[] = [];
afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) await server.stop('SIGTERM');
  if (!skip) await dropRedisPrefix(REDIS_URL, PREFIX);
});

/** Webhook ids received, each answered 204. */
async function startReceiver() {
  const ids: string[] = [];
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      ids.push(String(request.headers['webhook-id']));
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    ids,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Three tier-A dealers with a webhook each, and stock-outs (critical: told at once), one SKU an hour. */
function story(webhookUrl: string): string[] {
  const e = createEventBuilder();
  const dealers = ['D-1', 'D-2', 'D-3'];
  const skus = ['SKU-1', 'SKU-2', 'SKU-3'];
  return [
    ...dealers.map((dealerId) =>
      e('dealer.upserted', '2026-03-01T00:00:00Z', {
        name: `Dealer ${dealerId}`, tier: 'A', region: 'East', locale: 'en', timezone: 'UTC', currency: 'CNY',
        creditLimit: 10_000, paymentTerms: { netDays: 30 }, contacts: { webhookUrl },
      }, { dealerId })),
    ...skus.map((sku) => e('product.upserted', '2026-03-01T00:00:00Z', { sku, name: sku, category: 'pumps', unitPrice: 100 })),
    ...dealers.map((dealerId) =>
      e('dealer.sales.reported', '2026-03-01T10:00:00Z', { date: '2026-03-01', items: skus.map((sku) => ({ sku, qty: 3 })) }, { dealerId })),
    ...skus.flatMap((sku, hour) =>
      dealers.map((dealerId) =>
        e('dealer.stock.reported', `2026-03-02T${String(9 + hour).padStart(2, '0')}:00:00Z`, { items: [{ sku, onHand: 0 }] }, { dealerId }))),
  ].map((event) => JSON.stringify(event));
}

interface NotificationSummary {
  notificationId: string;
  channel: string;
  status: string;
}

async function notifications(server: ServerProcess): Promise<NotificationSummary[]> {
  const response = await fetch(`${server.url}/v1/notifications?limit=1000`, { headers: { authorization: 'Bearer adm-token' } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: NotificationSummary[] }).items;
}

/** Waits until the server has planned notifications and none is pending; fails naming how many still are. */
async function settled(server: ServerProcess): Promise<NotificationSummary[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const items = await notifications(server);
    const pending = items.filter((item) => item.status === 'pending');
    if (items.length > 0 && pending.length === 0) return items;
    if (Date.now() > deadline) throw new Error(`${pending.length} of ${items.length} notifications still pending`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it.skipIf(skip)(`two dealerflow start on fresh data folders, one after the other on one Redis, each deliver every notification${skip ? ` — skipped: ${skip}` : ''}`, { timeout: 240_000 }, async () => {
  const receiver = await startReceiver();
  const env = { DEALERFLOW_TOKENS: TOKENS, REDIS_URL, DEALERFLOW_QUEUE_PREFIX: PREFIX, SMTP_URL: '', DEALERFLOW_EMAIL_OUTBOX: '' };
  const lines = story(receiver.url);
  const delivered: string[][] = [];
  try {
    for (const folder of ['first', 'second']) {
      const server = await startServer(['--data-dir', mkdtempSync(join(tmpdir(), `dealerflow-shared-redis-${folder}-`)), '--policy', alertsOneByOnePolicyFile()], env);
      running.push(server);
      receiver.ids.length = 0;
      const response = await postNdjson(server.url, 'adm-token', lines);
      expect(response.status).toBe(202);
      await waitUntilCaughtUp(server.url);
      const items = await settled(server);
      expect(items.filter((item) => item.status !== 'delivered')).toEqual([]);
      const webhooks = items.filter((item) => item.channel === 'webhook');
      expect(webhooks.length).toBeGreaterThanOrEqual(9);
      expect(new Set(receiver.ids).size).toBe(webhooks.length);
      delivered.push([...receiver.ids].sort());
      expect(await server.stop('SIGTERM')).toBe(0);
    }
    // The same events, the same notification ids: the second deployment told every dealer again, on its own.
    expect(delivered[1]).toEqual(delivered[0]);
  } finally {
    await receiver.close();
  }
});
