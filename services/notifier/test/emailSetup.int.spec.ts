import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import type { InputEvent } from '@dealerflow/contracts';
import { createEventBuilder } from '@dealerflow/contracts/testing';
import { openEmbeddedRuntime, silentLogger, type EmbeddedRuntime } from '@dealerflow/runtime';
import { outboxFileName, readNotifierSettings, startNotifier, type DeliveryJobOf, type Notifier } from '../src';
import { ALERTS_ONE_BY_ONE } from './support';

/** A key dealer reached by email and in-app (no webhook), and a stock-out it hears of at once. */
function stockOutStory(): InputEvent[] {
  const e = createEventBuilder({ dealerId: 'D-9' });
  const events: InputEvent[] = [
    e('dealer.upserted', '2026-03-01T00:00:00Z', {
      name: 'Harbour Pumps', tier: 'A', region: 'East', locale: 'en', timezone: 'UTC', currency: 'CNY',
      creditLimit: 10_000, paymentTerms: { netDays: 30 }, contacts: { email: 'buyer@harbour.example' },
    }),
    e('product.upserted', '2026-03-01T00:00:00Z', { sku: 'SKU-1', name: 'Pump', category: 'pumps', unitPrice: 100 }),
  ];
  for (let day = 1; day <= 14; day += 1) {
    const date = `2026-03-${String(day).padStart(2, '0')}`;
    events.push(e('dealer.sales.reported', `${date}T10:00:00Z`, { date, items: [{ sku: 'SKU-1', qty: 3 }] }));
  }
  events.push(e('dealer.stock.reported', '2026-03-14T12:00:00Z', { items: [{ sku: 'SKU-1', onHand: 0 }] }));
  return events;
}

interface Row {
  channel: string;
  audience: string;
  status: string;
  job: string;
}

const open: { runtime: EmbeddedRuntime; notifier: Notifier }[] = [];
afterEach(async () => {
  for (const { runtime, notifier } of open.splice(0)) {
    await notifier.stop();
    await runtime.close();
  }
});

async function runStory(env: Record<string, string>): Promise<Row[]> {
  const runtime = await openEmbeddedRuntime({ dataDir: mkdtempSync(join(tmpdir(), 'dealerflow-email-setup-')), policies: ALERTS_ONE_BY_ONE });
  const notifier = await startNotifier({
    prisma: runtime.prisma,
    writeLock: runtime.writeLock,
    lockScope: runtime.lockScope,
    watermark: () => runtime.runner.watermark(),
    settings: readNotifierSettings(env),
    logger: silentLogger,
  });
  open.push({ runtime, notifier });
  await runtime.eventLog.append(stockOutStory().map((value) => ({ value })));
  await runtime.runner.drain();
  await notifier.consumer.drain();
  const rows = () => runtime.prisma.$queryRawUnsafe<Row[]>(`SELECT channel, audience, status, job FROM notification ORDER BY channel, audience`);
  for (let i = 0; i < 400 && (await rows()).some((row) => row.status === 'pending'); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
  return rows();
}

describe('email that is not configured', () => {
  it('without SMTP_URL nor an outbox: no email is planned, nothing fails, the other channels deliver', async () => {
    const rows = await runStory({});
    expect(rows.map((row) => [row.audience, row.channel, row.status])).toEqual([
      ['dealer', 'inApp', 'delivered'],
      ['ops', 'inApp', 'delivered'],
    ]);
    expect(await open[0]!.notifier.email.status()).toEqual({ mode: 'off' });
  });

  it('with an outbox folder: the email is delivered into <notificationId>.eml, with the rendered message', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'dealerflow-email-setup-')), 'outbox-email');
    const rows = await runStory({ DEALERFLOW_EMAIL_OUTBOX: folder });
    expect(rows.map((row) => [row.audience, row.channel, row.status])).toEqual([
      ['dealer', 'email', 'delivered'],
      ['dealer', 'inApp', 'delivered'],
      ['ops', 'inApp', 'delivered'],
    ]);
    const job = JSON.parse(rows[0]!.job) as DeliveryJobOf<'email'>;
    expect(readdirSync(folder)).toEqual([outboxFileName(job.notificationId)]);
    const mail = await simpleParser(readFileSync(join(folder, outboxFileName(job.notificationId))));
    expect(mail.to).toMatchObject({ value: [{ name: 'Harbour Pumps', address: 'buyer@harbour.example' }] });
    expect(mail.subject).toBe(job.payload.subject);
    expect(mail.subject).toMatch(/SKU-1/);
    expect(mail.text?.trim()).toBe(job.payload.text.trim());
    expect(mail.html).toBe(job.payload.html);
    expect(await open[0]!.notifier.email.status()).toEqual({ mode: 'outbox', folder, messages: 1 });
  });
});
