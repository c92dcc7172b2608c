import { Webhook } from 'standardwebhooks';
import { expect, it } from 'vitest';
import { createWebhookSigner } from './signWebhook';

it('signs exactly as the Standard Webhooks library does, and its verifier accepts the signature', () => {
  const secret = `whsec_${Buffer.from('a secret of thirty-two bytes.....').toString('base64')}`;
  const body = JSON.stringify({ type: 'stock.alert.raised', data: { title: '缺货：PMP-100' } });
  const signature = createWebhookSigner(secret)('msg_1', 1_775_000_000, body);
  expect(signature).toBe(new Webhook(secret).sign('msg_1', new Date(1_775_000_000 * 1000), body));
  const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': '1775000000', 'webhook-signature': signature };
  expect(() => new Webhook(secret).verify(body, headers)).toThrow(/timestamp/i);
  const fresh = Math.floor(Date.now() / 1000);
  const freshHeaders = { ...headers, 'webhook-timestamp': String(fresh), 'webhook-signature': createWebhookSigner(secret)('msg_1', fresh, body) };
  expect(new Webhook(secret).verify(body, freshHeaders)).toEqual(JSON.parse(body));
});
