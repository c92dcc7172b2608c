import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { readAllOutputs, startServer, waitUntilCaughtUp } from '../src/testing/serverProcess';

it('start --demo serves the built-in story: a stock-out at a key dealer, a late delivery, a credit hold, a rebate tier, a discount', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealerflow-demo-'));
  const server = await startServer(['--demo', '--data-dir', dataDir], { DEALERFLOW_TOKENS: 'ops-token=ops@Ops Desk', SMTP_URL: '', DEALERFLOW_EMAIL_OUTBOX: '' });
  try {
    await waitUntilCaughtUp(server.url);
    const outputs = (await readAllOutputs(server.url, 'ops-token')).map((line) => JSON.parse(line));
    const has = (type: string, dealerId: string, match: (data: any) => boolean = () => true) =>
      outputs.some((output) => output.type === type && output.dealerId === dealerId && match(output.data));
    expect(has('stock.alert.raised', 'D-1001', (data) => data.kind === 'stockout' && data.severity === 'critical')).toBe(true);
    expect(has('delivery.late', 'D-2002', (data) => data.status === 'delivered' && data.daysLate === 3 && data.causes[0].code === 'carrier_delay')).toBe(true);
    expect(has('credit.hold.placed', 'D-3003')).toBe(true);
    expect(has('credit.review.requested', 'D-3003')).toBe(true);
    expect(has('rebate.tier.reached', 'D-2002', (data) => data.threshold === 200)).toBe(true);
    expect(has('cash.discount.earned', 'D-1001', (data) => data.amount === 874)).toBe(true);
    expect(has('rebate.statement.issued', 'D-2002', (data) => data.status === 'payable')).toBe(true);
    expect(outputs.some((output) => output.topic === 'dealer.dead-letter.v1')).toBe(false);

    // No SMTP_URL: the demo's email goes to the data folder's outbox, and nothing fails or warns.
    const notifications = await settledNotifications(server.url, 'ops-token');
    const emails = notifications.filter((row) => row.channel === 'email');
    expect(emails.length).toBeGreaterThan(0);
    expect(notifications.filter((row) => row.status === 'failed')).toEqual([]);
    expect(emails.every((row) => row.status === 'delivered')).toBe(true);
    expect(readdirSync(join(dataDir, 'outbox-email')).filter((name) => name.endsWith('.eml'))).toHaveLength(emails.length);
  } finally {
    expect(await server.stop('SIGTERM')).toBe(0);
  }
  expect(server.stderr()).toMatch(/D-3003 +credit\.hold\.placed/);
  expect(server.stderr()).toContain(`written to ${join(dataDir, 'outbox-email')}/ as .eml files`);
  const warnings = server.stdout().split('\n').filter((line) => line.startsWith('{') && (JSON.parse(line) as { level: number }).level >= 40);
  expect(warnings).toEqual([]);
});

/** The notifier's ledger once nothing is pending any more (held ones wait for their quiet hours: none in the story). */
async function settledNotifications(url: string, token: string) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const response = await fetch(`${url}/v1/notifications?limit=500`, { headers: { authorization: `Bearer ${token}` } });
    const { items } = (await response.json()) as { items: { channel: string; status: string }[] };
    if (!items.some((row) => row.status === 'pending') || Date.now() > deadline) return items;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

it('start without DEALERFLOW_TOKENS creates an admin token once, keeps it, and refuses requests without it', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealerflow-token-'));
  const first = await startServer(['--data-dir', dataDir], { SMTP_URL: '', DEALERFLOW_EMAIL_OUTBOX: '' });
  const token = /Admin token \(shown once, kept in .*\):\n {2}(\S+)/.exec(first.stderr())?.[1];
  // Outside the demo, email without SMTP_URL is off (said once at start), not written anywhere.
  expect(first.stdout()).toContain('email is off (no SMTP_URL)');
  expect(existsSync(join(dataDir, 'outbox-email'))).toBe(false);
  expect(token).toBeTruthy();
  expect((await fetch(`${first.url}/v1/outputs`)).status).toBe(401);
  expect((await fetch(`${first.url}/v1/outputs`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  expect(await first.stop('SIGTERM')).toBe(0);
  const second = await startServer(['--data-dir', dataDir]);
  expect(second.stderr()).not.toMatch(/Admin token/);
  expect((await fetch(`${second.url}/v1/outputs`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
  expect(await second.stop('SIGTERM')).toBe(0);
});

it('start --demo without DEALERFLOW_TOKENS prints a sign-in per role and dealer, and each one works', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dealerflow-demo-people-'));
  const server = await startServer(['--demo', '--data-dir', dataDir]);
  try {
    await waitUntilCaughtUp(server.url);
    const deadline = Date.now() + 60_000;
    while (!/The dashboards: open/.test(server.stderr()) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const signIn = (name: string) => new RegExp(`^  ${name} .* (\\S+)$`, 'm').exec(server.stderr())?.[1];
    const finance = signIn('Finance \\(demo\\)');
    const huadong = signIn('Huadong Pumps Trading \\(reads Chinese\\)');
    expect(finance).toBeTruthy();
    expect(huadong).toBeTruthy();
    const get = (path: string, token: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get('/v1/credit/holds', finance!)).status).toBe(200);
    expect((await get('/v1/dealers/D-1001/inbox', huadong!)).status).toBe(200);
    expect((await get('/v1/dealers/D-2002/inbox', huadong!)).status).toBe(404);
  } finally {
    expect(await server.stop('SIGTERM')).toBe(0);
  }
});
