import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createEmailChannel,
  createInProcessDeliveryQueue,
  PermanentDeliveryError,
  RetriableDeliveryError,
  retryPolicySchema,
  type DeliveryJobOf,
} from '../src';
import { recordOutcomes, until } from './support';

function emailJob(notificationId: string, address: string | null): DeliveryJobOf<'email'> {
  return {
    notificationId,
    idempotencyKey: `OUT-77:dealer:email`,
    channel: 'email',
    audience: 'dealer',
    dealerId: 'D-1',
    address,
    payload: {
      to: '华东汽车销售有限公司',
      subject: '信用冻结通知：D-1',
      text: '您好，您的账户因逾期 45 天已被暂停赊销。',
      html: '<p>您好，您的账户因逾期 <b>45 天</b>已被暂停赊销。</p>',
      locale: 'zh-CN',
    },
  };
}

/** An SMTP server on loopback: accepts every message, except recipients the test asks it to refuse. */
async function startSmtpServer(refuse: Record<string, number> = {}) {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      const code = refuse[address.address];
      if (code === undefined) return callback();
      callback(Object.assign(new Error(code >= 500 ? 'mailbox unknown' : 'try again later'), { responseCode: code }));
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          messages.push(parsed);
          callback();
        },
        (error: Error) => callback(error),
      );
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const closers: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

describe('the email channel against an SMTP server on loopback', () => {
  const signal = new AbortController().signal;

  it('delivers text and HTML parts in the dealer language, with a Message-ID from the idempotency key', async () => {
    const smtp = await startSmtpServer();
    closers.push(smtp.close);
    const recorder = recordOutcomes();
    const queue = createInProcessDeliveryQueue({ ...recorder, retry: retryPolicySchema.parse({ firstDelayMs: 20 }) });
    closers.push(() => queue.close());
    const channel = createEmailChannel({ smtpUrl: smtp.url, from: 'Dealerflow <notifications@dealerflow.example>' });
    closers.push(() => channel.close());
    await queue.start((job, jobSignal) => channel.send(job as DeliveryJobOf<'email'>, { signal: jobSignal }));

    await queue.enqueue(emailJob('N-mail', 'finance@huadong.example'));
    await until(() => recorder.outcomes.length === 1, 'the delivery');

    expect(recorder.outcomes).toEqual([{ kind: 'delivered', notificationId: 'N-mail', attempts: 1 }]);
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(mail.subject).toBe('信用冻结通知：D-1');
    expect(mail.text?.trim()).toBe('您好，您的账户因逾期 45 天已被暂停赊销。');
    expect(mail.html).toContain('<p>您好，您的账户因逾期 <b>45 天</b>已被暂停赊销。</p>');
    expect(mail.headers.get('content-language')).toBe('zh-CN');
    expect(mail.messageId).toBe('<OUT-77%3Adealer%3Aemail@dealerflow.example>');
    expect(mail.from?.value).toEqual([{ name: 'Dealerflow', address: 'notifications@dealerflow.example' }]);
    const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
    expect(to?.value).toEqual([{ name: '华东汽车销售有限公司', address: 'finance@huadong.example' }]);
  });

  it('sends the same Message-ID again on a repeat, for the receiving side to fold', async () => {
    const smtp = await startSmtpServer();
    closers.push(smtp.close);
    const channel = createEmailChannel({ smtpUrl: smtp.url, from: 'notifications@dealerflow.example' });
    closers.push(() => channel.close());
    await channel.send(emailJob('N-1', 'a@huadong.example'), { signal });
    await channel.send(emailJob('N-1', 'a@huadong.example'), { signal });
    expect(smtp.messages.map((m) => m.messageId)).toEqual([
      '<OUT-77%3Adealer%3Aemail@dealerflow.example>',
      '<OUT-77%3Adealer%3Aemail@dealerflow.example>',
    ]);
  });

  it('classifies failures: no address or SMTP 5xx permanent, SMTP 4xx or no server retriable', async () => {
    const smtp = await startSmtpServer({ 'gone@huadong.example': 550, 'busy@huadong.example': 451 });
    closers.push(smtp.close);
    const channel = createEmailChannel({ smtpUrl: smtp.url, from: 'notifications@dealerflow.example' });
    closers.push(() => channel.close());

    await expect(channel.send(emailJob('N-none', null), { signal })).rejects.toThrow(PermanentDeliveryError);
    const gone = channel.send(emailJob('N-gone', 'gone@huadong.example'), { signal });
    await expect(gone).rejects.toBeInstanceOf(PermanentDeliveryError);
    await expect(gone).rejects.toThrow(/550/);
    const busy = channel.send(emailJob('N-busy', 'busy@huadong.example'), { signal });
    await expect(busy).rejects.toBeInstanceOf(RetriableDeliveryError);
    await expect(busy).rejects.toThrow(/451/);
    expect(smtp.messages).toHaveLength(0);

    const down = await startSmtpServer();
    await down.close();
    const nowhere = createEmailChannel({ smtpUrl: down.url, from: 'notifications@dealerflow.example', timeoutMs: 1_000 });
    closers.push(() => nowhere.close());
    await expect(nowhere.send(emailJob('N-down', 'a@huadong.example'), { signal })).rejects.toBeInstanceOf(RetriableDeliveryError);
  });
});
