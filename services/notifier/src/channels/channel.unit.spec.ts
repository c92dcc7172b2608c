import { describe, expect, it } from 'vitest';
import type { DeliveryJob } from '../deliveryJob';
import { createDeliveryHandler, type Channels } from './channel';

const base = { idempotencyKey: 'K', audience: 'dealer', dealerId: 'D-1' } as const;
const jobs: DeliveryJob[] = [
  {
    ...base,
    notificationId: 'N-w',
    channel: 'webhook',
    address: 'https://dms.example/hook',
    payload: { type: 't', timestamp: '2026-04-03T00:00:00Z', data: { dealerId: 'D-1', eventId: 'E', title: 'T', body: 'B', output: {} } },
  },
  { ...base, notificationId: 'N-e', channel: 'email', address: 'a@b.example', payload: { to: '', subject: 'S', text: 'T', html: '<p>T</p>', locale: 'en' } },
  { ...base, notificationId: 'N-i', channel: 'inApp', address: null, payload: { title: 'T', body: 'B', outputType: 't', locale: 'en' } },
];

describe('createDeliveryHandler', () => {
  it('hands each job to the channel it names, with the attempt signal', async () => {
    const sent: string[] = [];
    const signal = new AbortController().signal;
    const record = (name: string) => ({
      send: async (job: DeliveryJob, options: { signal: AbortSignal }) => {
        expect(options.signal).toBe(signal);
        sent.push(`${name}:${job.notificationId}`);
      },
    });
    const handler = createDeliveryHandler({ webhook: record('webhook'), email: record('email'), inApp: record('inApp') } as Channels);
    for (const job of jobs) await handler(job, signal);
    expect(sent).toEqual(['webhook:N-w', 'email:N-e', 'inApp:N-i']);
  });
});
