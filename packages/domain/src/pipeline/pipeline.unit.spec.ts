import { z } from 'zod';
import { describe, expect, it } from 'vitest';
import type { OutputDraft } from '@dealerflow/contracts';
import { createEventBuilder } from '../testing';
import { createPipeline } from './pipeline';
import type { Worker } from './worker';

/** A toy worker that records what it was shown and reports each call as a limit warning. */
interface ToyState {
  seen: string[];
}

function report(state: ToyState, label: string, causedBy: string): OutputDraft[] {
  state.seen.push(label);
  return [{ type: 'credit.limit.warning', data: { exposure: state.seen.length, creditLimit: 0, utilization: 0, warningUtilization: 0.9, causedBy } }];
}

const toyWorker: Worker<ToyState, { label: string }> = {
  name: 'credit',
  source: 'toy-worker',
  inputTypes: ['dealer.upserted', 'payment.received'],
  referenceTypes: ['rebate.program.upserted'],
  policySchema: z.object({ label: z.string().default('toy') }),
  defaultPolicy: { label: 'toy' },
  initialState: () => ({ seen: [] }),
  apply: (state, event, ctx) => report(state, `${event.type}@${ctx.today}`, ctx.causedBy),
  onDayChange: (state, ctx) => report(state, `day@${ctx.today}`, ctx.causedBy),
  onReference: (state, event, ctx) => report(state, `${event.type}@${ctx.today}`, ctx.causedBy),
};

const e = createEventBuilder();
const dealer = (id: string, tier: 'A' | 'B' | 'C' | 'D', at: string) =>
  e('dealer.upserted', at, { name: id, tier, region: 'East', locale: 'en', currency: 'CNY', creditLimit: 1000, paymentTerms: { netDays: 30 } }, { dealerId: id });
const payment = (id: string, at: string, eventId?: string) =>
  e('payment.received', at, { paymentId: `P-${at}`, amount: 10, currency: 'CNY' }, { dealerId: id, eventId });

describe('the pipeline', () => {
  it('applies a dealer event to its dealer only, at the watermark', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-01T08:00:00Z'));
    pipeline.accept(dealer('D-2', 'B', '2026-03-01T09:00:00Z'));
    pipeline.accept(payment('D-1', '2026-03-01T10:00:00+08:00'));
    expect(pipeline.stateOf<ToyState>('credit', 'D-1')?.seen).toEqual(['dealer.upserted@2026-03-01', 'payment.received@2026-03-01']);
    expect(pipeline.stateOf<ToyState>('credit', 'D-2')?.seen).toEqual(['dealer.upserted@2026-03-01']);
  });

  it('keeps the watermark at the largest occurredAt, so a late event is judged at the watermark', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-05T08:00:00Z'));
    pipeline.accept(payment('D-1', '2026-03-01T08:00:00Z'));
    expect(pipeline.watermark()).toBe(Date.parse('2026-03-05T08:00:00Z'));
    expect(pipeline.stateOf<ToyState>('credit', 'D-1')?.seen.at(-1)).toBe('payment.received@2026-03-05');
  });

  it('runs every dealer’s day change once when the watermark enters a later UTC day, after the event itself', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-01T08:00:00Z'));
    pipeline.accept(dealer('D-2', 'B', '2026-03-01T09:00:00Z'));
    const result = pipeline.accept(payment('D-1', '2026-03-04T00:30:00Z', 'pay-1'));
    expect(pipeline.stateOf<ToyState>('credit', 'D-1')?.seen).toEqual(['dealer.upserted@2026-03-01', 'payment.received@2026-03-04', 'day@2026-03-04']);
    expect(pipeline.stateOf<ToyState>('credit', 'D-2')?.seen).toEqual(['dealer.upserted@2026-03-01', 'day@2026-03-04']);
    expect(result.outputs.map((output) => [output.dealerId, output.causedBy])).toEqual([
      ['D-1', 'pay-1'],
      ['D-1', 'pay-1'],
      ['D-2', 'pay-1'],
    ]);
  });

  it('moves time on a clock tick without applying it to anyone', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-01T08:00:00Z'));
    const result = pipeline.accept(e('clock.tick', '2026-03-02T00:00:00Z', {}, { eventId: 'tick-1' }));
    expect(result.outputs).toHaveLength(1);
    expect(pipeline.stateOf<ToyState>('credit', 'D-1')?.seen.at(-1)).toBe('day@2026-03-02');
  });

  it('ignores a repeated eventId', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-01T08:00:00Z'));
    expect(pipeline.accept(payment('D-1', '2026-03-01T10:00:00Z', 'same')).duplicate).toBe(false);
    const again = pipeline.accept(payment('D-1', '2026-03-01T11:00:00Z', 'same'));
    expect(again).toEqual({ duplicate: true, outputs: [] });
    expect(pipeline.stateOf<ToyState>('credit', 'D-1')?.seen).toHaveLength(2);
  });

  it('puts tier A dealers’ outputs first when one event concerns several dealers', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-C', 'C', '2026-03-01T08:00:00Z'));
    pipeline.accept(dealer('D-B', 'B', '2026-03-01T08:00:00Z'));
    pipeline.accept(dealer('D-A', 'A', '2026-03-01T08:00:00Z'));
    const result = pipeline.accept(payment('D-C', '2026-03-02T08:00:00Z'));
    expect(result.outputs.map((output) => output.dealerId)).toEqual(['D-A', 'D-B', 'D-C', 'D-C']);
  });

  it('updates the reference tables and reaches the dealers a program concerns', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-01T08:00:00Z'));
    pipeline.accept(dealer('D-2', 'B', '2026-03-01T08:00:00Z'));
    const program = (dealerId: string) =>
      e('rebate.program.upserted', '2026-03-01T09:00:00Z', {
        programId: `P-${dealerId}`, name: 'p', periodStart: '2026-04-01', periodEnd: '2026-06-30',
        basis: 'quantity', accumulation: 'period', method: 'all_units', tiers: [{ threshold: 0, rate: 0 }],
      }, { dealerId });
    expect(pipeline.accept(program('D-2')).outputs.map((output) => output.dealerId)).toEqual(['D-2']);
    expect(pipeline.accept(program('*')).outputs.map((output) => output.dealerId)).toEqual(['D-1', 'D-2']);
    expect([...pipeline.reference().programs.keys()]).toEqual(['P-D-2', 'P-*']);
  });
});
