import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { createEventBuilder } from '../testing';
import { createPipeline } from './pipeline';
import type { Worker } from './worker';

/** Records what day each call saw, in which zone. */
const dayRecorder: Worker<{ seen: string[] }, object> = {
  name: 'credit',
  source: 'day-recorder',
  inputTypes: ['dealer.upserted', 'payment.received'],
  policySchema: z.object({}),
  defaultPolicy: {},
  initialState: () => ({ seen: [] }),
  apply: (state, event, ctx) => (state.seen.push(`${event.type}@${ctx.today} ${ctx.timeZone}`), []),
  onDayChange: (state, ctx) => (state.seen.push(`day@${ctx.today}`), []),
};

const e = createEventBuilder();
const dealer = (id: string, at: string, timezone?: string) =>
  e('dealer.upserted', at, { name: id, tier: 'B', region: 'East', locale: 'zh-CN', currency: 'CNY', creditLimit: 1000, paymentTerms: { netDays: 30 }, ...(timezone ? { timezone } : {}) }, { dealerId: id });
const payment = (id: string, at: string) => e('payment.received', at, { paymentId: `P-${at}`, amount: 10, currency: 'CNY' }, { dealerId: id });
const seen = (pipeline: ReturnType<typeof createPipeline>, id: string) => pipeline.stateOf<{ seen: string[] }>('credit', id)?.seen;

describe('dealer-local days', () => {
  it('gives a Shanghai dealer its own date and starts its day at local midnight (16:00 UTC)', () => {
    const pipeline = createPipeline({ workers: [dayRecorder] });
    pipeline.accept(dealer('D-SH', '2026-01-10T08:00:00Z', 'Asia/Shanghai'));
    pipeline.accept(payment('D-SH', '2026-01-10T15:59:00Z'));
    pipeline.accept(payment('D-SH', '2026-01-10T23:30:00Z')); // 07:30 on 11 January in Shanghai
    expect(seen(pipeline, 'D-SH')).toEqual([
      'dealer.upserted@2026-01-10 Asia/Shanghai',
      'payment.received@2026-01-10 Asia/Shanghai',
      'payment.received@2026-01-11 Asia/Shanghai',
      'day@2026-01-11',
    ]);
  });

  it('counts a dealer without a time zone in the company’s, UTC by default', () => {
    const company = createPipeline({ workers: [dayRecorder], calendar: { timeZone: 'Asia/Shanghai' } });
    const plain = createPipeline({ workers: [dayRecorder] });
    for (const pipeline of [company, plain]) {
      pipeline.accept(dealer('D-1', '2026-01-10T08:00:00Z'));
      pipeline.accept(payment('D-1', '2026-01-10T23:30:00Z'));
    }
    expect(seen(company, 'D-1')?.slice(1)).toEqual(['payment.received@2026-01-11 Asia/Shanghai', 'day@2026-01-11']);
    expect(seen(plain, 'D-1')?.slice(1)).toEqual(['payment.received@2026-01-10 UTC']);
  });

  it('takes the company time zone from the settings file\'s calendar section, as the runtimes hand it over in policies', () => {
    const pipeline = createPipeline({ workers: [dayRecorder], policies: { calendar: { timeZone: 'Asia/Shanghai' } } });
    pipeline.accept(dealer('D-1', '2026-01-10T08:00:00Z'));
    pipeline.accept(payment('D-1', '2026-01-10T23:30:00Z'));
    expect(seen(pipeline, 'D-1')?.slice(1)).toEqual(['payment.received@2026-01-11 Asia/Shanghai', 'day@2026-01-11']);
  });

  it('fires day changes of dealers in different zones at their own midnights on one tick', () => {
    const pipeline = createPipeline({ workers: [dayRecorder] });
    pipeline.accept(dealer('D-SH', '2026-01-10T08:00:00Z', 'Asia/Shanghai'));
    pipeline.accept(dealer('D-NY', '2026-01-10T08:00:00Z', 'America/New_York'));
    pipeline.accept(e('clock.tick', '2026-01-10T17:00:00Z', {}));
    expect(seen(pipeline, 'D-SH')?.at(-1)).toBe('day@2026-01-11');
    expect(seen(pipeline, 'D-NY')?.at(-1)).toBe('dealer.upserted@2026-01-10 America/New_York');
    pipeline.accept(e('clock.tick', '2026-01-11T05:00:00Z', {}));
    expect(seen(pipeline, 'D-NY')?.at(-1)).toBe('day@2026-01-11');
  });

  it('resumes a snapshot on the same local days', () => {
    const first = createPipeline({ workers: [dayRecorder] });
    first.accept(dealer('D-SH', '2026-01-10T08:00:00Z', 'Asia/Shanghai'));
    first.accept(payment('D-SH', '2026-01-10T17:00:00Z'));
    const resumed = createPipeline({ workers: [dayRecorder], resume: first.snapshot() });
    resumed.accept(payment('D-SH', '2026-01-10T20:00:00Z'));
    // Same local day (the 11th) as before the snapshot: no second day change.
    expect(seen(resumed, 'D-SH')).toEqual(['payment.received@2026-01-11 Asia/Shanghai']);
  });
});
