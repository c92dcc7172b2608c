import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { PermanentDeliveryError, RetriableDeliveryError } from '../deliveryErrors';
import type { DeliveryJobOf } from '../deliveryJob';
import { createEmailOutboxChannel } from './emailOutboxChannel';

const FROM = 'Dealerflow <notifications@dealerflow.example>';
const signal = new AbortController().signal;

function emailJob(address: string | null = 'buyer@huadong.example'): DeliveryJobOf<'email'> {
  return {
    notificationId: 'ntf-0123abcd',
    idempotencyKey: 'ntf-0123abcd',
    channel: 'email',
    audience: 'dealer',
    dealerId: 'D-1001',
    address,
    payload: {
      to: '华东泵业贸易',
      subject: '缺货：PMP-100',
      text: 'PMP-100 已缺货。\n建议订购 92 件。',
      html: '<p>PMP-100 已缺货。</p><p>建议订购 <b>92</b> 件。</p>',
      locale: 'zh-CN',
    },
  };
}

const outbox = () => join(mkdtempSync(join(tmpdir(), 'dealerflow-outbox-')), 'outbox-email');

describe('the email outbox channel', () => {
  it('writes the message as <notificationId>.eml, with the headers and parts an SMTP relay would have got', async () => {
    const folder = outbox();
    await createEmailOutboxChannel({ folder, from: FROM }).send(emailJob(), { signal });
    expect(readdirSync(folder)).toEqual(['ntf-0123abcd.eml']);
    const raw = readFileSync(join(folder, 'ntf-0123abcd.eml'));
    expect(raw.toString('latin1')).toMatch(/\r\n\r\n/);
    const mail = await simpleParser(raw);
    expect(mail.from?.value).toEqual([{ name: 'Dealerflow', address: 'notifications@dealerflow.example' }]);
    expect(mail.to).toMatchObject({ value: [{ name: '华东泵业贸易', address: 'buyer@huadong.example' }] });
    expect(mail.subject).toBe('缺货：PMP-100');
    expect(mail.messageId).toBe('<ntf-0123abcd@dealerflow.example>');
    expect(mail.headers.get('content-language')).toBe('zh-CN');
    expect(mail.text?.trim()).toBe('PMP-100 已缺货。\n建议订购 92 件。');
    expect(mail.html).toBe('<p>PMP-100 已缺货。</p><p>建议订购 <b>92</b> 件。</p>');
  });

  it('rewrites the same file when a notification is written again, as a mail system folds a repeat', async () => {
    const folder = outbox();
    const channel = createEmailOutboxChannel({ folder, from: FROM });
    await channel.send(emailJob(), { signal });
    await channel.send(emailJob(), { signal });
    expect(readdirSync(folder)).toEqual(['ntf-0123abcd.eml']);
  });

  it('refuses a message without an address for good, and a folder it cannot write for this attempt only', async () => {
    const folder = outbox();
    await expect(createEmailOutboxChannel({ folder, from: FROM }).send(emailJob(null), { signal })).rejects.toBeInstanceOf(PermanentDeliveryError);
    const file = join(mkdtempSync(join(tmpdir(), 'dealerflow-outbox-')), 'a-file');
    writeFileSync(file, '');
    const unwritable = createEmailOutboxChannel({ folder: join(file, 'outbox-email'), from: FROM });
    await expect(unwritable.send(emailJob(), { signal })).rejects.toBeInstanceOf(RetriableDeliveryError);
  });
});
