import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createInProcessDeliveryQueue,
  createWebhookChannel,
  PermanentDeliveryError,
  RetriableDeliveryError,
  retryPolicySchema,
  type DeliveryJobOf,
} from '../src';
import { recordOutcomes, until, webhookJob } from './support';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const DEALER_SECRET = 'whsec_c2VjcmV0LW9mLWRlYWxlci1ELTE=';

interface Received {
  at: number;
  headers: IncomingHttpHeaders;
  rawBody: Buffer;
}

/** A dealer's webhook receiver on loopback that answers each request with the next scripted response. */
async function startReceiver(script: Array<{ status: number; headers?: Record<string, string> }>) {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ at: Date.now(), headers: request.headers, rawBody: Buffer.concat(chunks) });
      const answer = script[received.length - 1] ?? { status: 200 };
      response.writeHead(answer.status, answer.headers).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/dealerflow`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

function verify(secret: string, request: Received): unknown {
  return new Webhook(secret).verify(request.rawBody, request.headers as Record<string, string>);
}

describe('the webhook channel through the in-process queue, against a receiver on loopback', () => {
  it('retries two 503s (one with Retry-After: 1), delivers once on the 200, signed and with one webhook-id', async () => {
    const receiver = await startReceiver([{ status: 503 }, { status: 503, headers: { 'Retry-After': '1' } }, { status: 204 }]);
    closers.push(receiver.close);
    const recorder = recordOutcomes();
    const queue = createInProcessDeliveryQueue({
      ...recorder,
      retry: retryPolicySchema.parse({ firstDelayMs: 50 }),
      random: () => 0,
    });
    closers.push(() => queue.close());
    const channel = createWebhookChannel({ defaultSecret: SECRET });
    await queue.start((job, signal) => channel.send(job as DeliveryJobOf<'webhook'>, { signal }));

    const job = webhookJob('N-hook', receiver.url);
    await queue.enqueue(job);
    await until(() => recorder.outcomes.length === 1, 'the delivery');

    expect(recorder.outcomes).toEqual([{ kind: 'delivered', notificationId: 'N-hook', attempts: 3 }]);
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set(['msg_N-hook']));
    for (const request of receiver.received) {
      expect(verify(SECRET, request)).toEqual(job.payload);
      expect(request.rawBody.toString('utf8')).toBe(JSON.stringify(job.payload));
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    }
    expect(receiver.received[2]!.at - receiver.received[1]!.at).toBeGreaterThanOrEqual(990);
    expect(() => verify(DEALER_SECRET, receiver.received[0]!)).toThrow(/No matching signature/);
  });

  it('fails at once on a 400: one request, a permanent error, no retry', async () => {
    const receiver = await startReceiver([{ status: 400 }]);
    closers.push(receiver.close);
    const recorder = recordOutcomes();
    const queue = createInProcessDeliveryQueue({ ...recorder, retry: retryPolicySchema.parse({ firstDelayMs: 20 }) });
    closers.push(() => queue.close());
    const channel = createWebhookChannel({ defaultSecret: SECRET });
    await queue.start((job, signal) => channel.send(job as DeliveryJobOf<'webhook'>, { signal }));

    await queue.enqueue(webhookJob('N-bad', receiver.url));
    await until(() => recorder.outcomes.length === 1, 'the failure');
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(receiver.received).toHaveLength(1);
    expect(recorder.outcomes[0]).toMatchObject({ kind: 'failed', attempts: 1 });
    expect(recorder.outcomes[0]?.error).toBeInstanceOf(PermanentDeliveryError);
    expect(recorder.outcomes[0]?.error?.message).toBe('webhook answered HTTP 400');
  });
});

describe('the webhook channel on its own', () => {
  const signal = new AbortController().signal;

  it("signs with the dealer's own secret when it has one, and with the default otherwise", async () => {
    const receiver = await startReceiver([{ status: 200 }, { status: 200 }]);
    closers.push(receiver.close);
    const channel = createWebhookChannel({ defaultSecret: SECRET, secretsFor: (dealerId) => (dealerId === 'D-1' ? [DEALER_SECRET] : undefined) });
    await channel.send(webhookJob('N-own', receiver.url), { signal });
    await channel.send({ ...webhookJob('N-other', receiver.url), dealerId: 'D-2' }, { signal });
    expect(verify(DEALER_SECRET, receiver.received[0]!)).toMatchObject({ type: 'stock.alert.raised' });
    expect(() => verify(SECRET, receiver.received[0]!)).toThrow(/No matching signature/);
    expect(verify(SECRET, receiver.received[1]!)).toMatchObject({ type: 'stock.alert.raised' });
    expect(() => verify(DEALER_SECRET, receiver.received[1]!)).toThrow(/No matching signature/);
  });

  it('during a rotation signs with every secret given, space-separated, each verifying alone', async () => {
    const receiver = await startReceiver([{ status: 200 }]);
    closers.push(receiver.close);
    const rotated = 'whsec_bmV3IHNlY3JldCBvZiBkZWFsZXIgRC0xLCByb3RhdGVk';
    const channel = createWebhookChannel({ defaultSecret: SECRET, secretsFor: () => [rotated, DEALER_SECRET] });
    await channel.send(webhookJob('N-rotating', receiver.url), { signal });
    const request = receiver.received[0]!;
    expect(String(request.headers['webhook-signature'])).toMatch(/^v1,[A-Za-z0-9+/]+=* v1,[A-Za-z0-9+/]+=*$/);
    expect(verify(rotated, request)).toMatchObject({ type: 'stock.alert.raised' });
    expect(verify(DEALER_SECRET, request)).toMatchObject({ type: 'stock.alert.raised' });
    expect(() => verify(SECRET, request)).toThrow(/No matching signature/);
  });

  it("signs a staff message about a dealer with the default, never with the dealer's secret", async () => {
    const receiver = await startReceiver([{ status: 200 }]);
    closers.push(receiver.close);
    const channel = createWebhookChannel({ defaultSecret: SECRET, secretsFor: () => [DEALER_SECRET] });
    await channel.send({ ...webhookJob('N-ops', receiver.url), audience: 'ops' }, { signal });
    expect(verify(SECRET, receiver.received[0]!)).toMatchObject({ type: 'stock.alert.raised' });
    expect(() => verify(DEALER_SECRET, receiver.received[0]!)).toThrow(/No matching signature/);
  });

  it('classifies answers: 408, 429, 5xx and an unfollowed 3xx retriable, with their Retry-After; other 4xx permanent', async () => {
    const retryAt = new Date(Date.now() + 120_000).toUTCString();
    const receiver = await startReceiver([
      { status: 408 },
      { status: 429, headers: { 'Retry-After': retryAt } },
      { status: 500, headers: { 'Retry-After': '7' } },
      { status: 404 },
      { status: 410 },
      { status: 302, headers: { Location: 'http://127.0.0.1:9/elsewhere' } },
    ]);
    closers.push(receiver.close);
    const channel = createWebhookChannel({ defaultSecret: SECRET });
    const outcome = (id: string) => channel.send(webhookJob(id, receiver.url), { signal }).catch((error: unknown) => error);

    const timeout = await outcome('A');
    expect(timeout).toBeInstanceOf(RetriableDeliveryError);
    expect((timeout as RetriableDeliveryError).retryAfterMs).toBeUndefined();
    const tooMany = (await outcome('B')) as RetriableDeliveryError;
    expect(tooMany).toBeInstanceOf(RetriableDeliveryError);
    expect(tooMany.retryAfterMs).toBeGreaterThan(100_000);
    expect(tooMany.retryAfterMs).toBeLessThanOrEqual(120_000);
    expect(await outcome('C')).toMatchObject({ retriable: true, retryAfterMs: 7_000, message: 'webhook answered HTTP 500' });
    expect(await outcome('D')).toBeInstanceOf(PermanentDeliveryError);
    expect(await outcome('E')).toBeInstanceOf(PermanentDeliveryError);
    expect(await outcome('F')).toMatchObject({ retriable: true, message: 'webhook answered HTTP 302' });
    expect(receiver.received).toHaveLength(6);
  });

  it('gives a missing URL or secret a permanent error, and a dead port or a timeout a retriable one', async () => {
    const channel = createWebhookChannel({ defaultSecret: SECRET, timeoutMs: 200 });
    await expect(channel.send(webhookJob('N-nourl', null), { signal })).rejects.toThrow(PermanentDeliveryError);
    await expect(channel.send(webhookJob('N-ftp', 'ftp://example.invalid/x'), { signal })).rejects.toThrow(PermanentDeliveryError);
    const unsigned = createWebhookChannel({});
    await expect(unsigned.send(webhookJob('N-nosecret', 'http://127.0.0.1:9/'), { signal })).rejects.toThrow(/no webhook secret/);

    const closed = await startReceiver([]);
    await closed.close();
    await expect(channel.send(webhookJob('N-closed', closed.url), { signal })).rejects.toThrow(RetriableDeliveryError);

    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise<void>((resolve) => { silent.closeAllConnections(); silent.close(() => resolve()); }));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}/`;
    await expect(channel.send(webhookJob('N-slow', url), { signal })).rejects.toThrow(/no answer within 200 ms/);
  });
});
