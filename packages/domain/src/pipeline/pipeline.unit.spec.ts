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

  it('keeps each dealer’s clock at its own largest occurredAt, so a late event is judged at that clock', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-05T08:00:00Z'));
    pipeline.accept(dealer('D-2', 'B', '2026-03-09T08:00:00Z'));
    pipeline.accept(payment('D-1', '2026-03-01T08:00:00Z'));
    expect(pipeline.watermark()).toBe(Date.parse('2026-03-09T08:00:00Z'));
    expect(pipeline.clockOf('D-1')).toBe(Date.parse('2026-03-05T08:00:00Z'));
    expect(pipeline.stateOf<ToyState>('credit', 'D-1')?.seen.at(-1)).toBe('payment.received@2026-03-05');
  });

  it('runs a dealer’s day change when its own clock enters a later UTC day, after the event, and no one else’s', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-01T08:00:00Z'));
    pipeline.accept(dealer('D-2', 'B', '2026-03-01T09:00:00Z'));
    const result = pipeline.accept(payment('D-1', '2026-03-04T00:30:00Z', 'pay-1'));
    expect(pipeline.stateOf<ToyState>('credit', 'D-1')?.seen).toEqual(['dealer.upserted@2026-03-01', 'payment.received@2026-03-04', 'day@2026-03-04']);
    expect(pipeline.stateOf<ToyState>('credit', 'D-2')?.seen).toEqual(['dealer.upserted@2026-03-01']);
    expect(result.outputs.map((output) => [output.dealerId, output.causedBy, output.at])).toEqual([
      ['D-1', 'pay-1', Date.parse('2026-03-04T00:30:00Z')],
      ['D-1', 'pay-1', Date.parse('2026-03-04T00:30:00Z')],
    ]);
  });

  it('gives a dealer the same outputs whoever else shares its stream', () => {
    const alone = createPipeline({ workers: [toyWorker] });
    const shared = createPipeline({ workers: [toyWorker] });
    const mine = [dealer('D-1', 'B', '2026-03-01T08:00:00Z'), payment('D-1', '2026-03-02T08:00:00Z', 'p1'), payment('D-1', '2026-03-02T09:00:00Z', 'p2')];
    const other = [dealer('D-2', 'A', '2026-03-01T07:00:00Z'), payment('D-2', '2026-03-03T08:00:00Z', 'q1')];
    const tick = e('clock.tick', '2026-03-04T00:00:00Z', {}, { eventId: 'tick-4' });
    const ofD1 = (outputs: { dealerId: string }[]) => outputs.filter((output) => output.dealerId === 'D-1');
    const aloneOut = [...mine, tick].flatMap((event) => alone.accept(event).outputs);
    const sharedOut = [other[0]!, mine[0]!, other[1]!, mine[1]!, mine[2]!, tick].flatMap((event) => shared.accept(event).outputs);
    expect(ofD1(sharedOut)).toEqual(ofD1(aloneOut));
    expect(shared.stateOf('credit', 'D-1')).toEqual(alone.stateOf('credit', 'D-1'));
  });

  it('starts a dealer first seen after a tick at that tick, with no day change of its own', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(e('clock.tick', '2026-03-10T00:00:00Z', {}, { eventId: 'tick-10' }));
    const result = pipeline.accept(dealer('D-9', 'B', '2026-03-08T08:00:00Z'));
    expect(result.outputs.map((output) => output.at)).toEqual([Date.parse('2026-03-10T00:00:00Z')]);
    expect(pipeline.stateOf<ToyState>('credit', 'D-9')?.seen).toEqual(['dealer.upserted@2026-03-10']);
  });

  it('resumes from a snapshot with every dealer’s clock', () => {
    const first = createPipeline({ workers: [toyWorker] });
    first.accept(dealer('D-1', 'B', '2026-03-01T08:00:00Z'));
    first.accept(dealer('D-2', 'B', '2026-03-03T08:00:00Z'));
    const resumed = createPipeline({ workers: [toyWorker], store: undefined, resume: first.snapshot() });
    expect(resumed.clockOf('D-1')).toBe(Date.parse('2026-03-01T08:00:00Z'));
    expect(resumed.clockOf('D-2')).toBe(Date.parse('2026-03-03T08:00:00Z'));
    expect(resumed.watermark()).toBe(Date.parse('2026-03-03T08:00:00Z'));
  });

  it('moves every dealer’s clock on a clock tick, running the day change of those that entered a later day', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-01T08:00:00Z'));
    pipeline.accept(dealer('D-2', 'B', '2026-03-02T08:00:00Z'));
    const result = pipeline.accept(e('clock.tick', '2026-03-02T23:59:00Z', {}, { eventId: 'tick-1' }));
    expect(result.outputs.map((output) => output.dealerId)).toEqual(['D-1']);
    expect(pipeline.stateOf<ToyState>('credit', 'D-1')?.seen.at(-1)).toBe('day@2026-03-02');
    expect(pipeline.clockOf('D-2')).toBe(Date.parse('2026-03-02T23:59:00Z'));
  });

  it('ignores a repeated eventId', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-01T08:00:00Z'));
    expect(pipeline.accept(payment('D-1', '2026-03-01T10:00:00Z', 'same')).duplicate).toBe(false);
    const again = pipeline.accept(payment('D-1', '2026-03-01T11:00:00Z', 'same'));
    expect(again).toEqual({ duplicate: true, outputs: [], failures: [] });
    expect(pipeline.stateOf<ToyState>('credit', 'D-1')?.seen).toHaveLength(2);
  });

  it('puts tier A dealers’ outputs first when one event concerns several dealers', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-C', 'C', '2026-03-01T08:00:00Z'));
    pipeline.accept(dealer('D-B', 'B', '2026-03-01T08:00:00Z'));
    pipeline.accept(dealer('D-A', 'A', '2026-03-01T08:00:00Z'));
    const result = pipeline.accept(e('clock.tick', '2026-03-02T08:00:00Z', {}, { eventId: 'tick-2' }));
    expect(result.outputs.map((output) => output.dealerId)).toEqual(['D-A', 'D-B', 'D-C']);
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

  it('numbers a dealer’s day-change outputs after its event’s own, so their ids differ', () => {
    const pipeline = createPipeline({ workers: [toyWorker] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-01T08:00:00Z'));
    const result = pipeline.accept(payment('D-1', '2026-03-02T08:00:00Z', 'pay-2'));
    expect(result.outputs.map((output) => [output.causedBy, output.ordinal])).toEqual([['pay-2', 0], ['pay-2', 1]]);
  });

  it('records a worker that throws, keeps its other dealers and the next events going', () => {
    const brittle: Worker<ToyState, { label: string }> = {
      ...toyWorker,
      apply: (state, event, ctx) => {
        if (event.eventId === 'bad') throw new Error('cannot read this payment');
        return toyWorker.apply(state, event, ctx);
      },
    };
    const pipeline = createPipeline({ workers: [brittle] });
    pipeline.accept(dealer('D-1', 'B', '2026-03-01T08:00:00Z'));
    const failed = pipeline.accept(payment('D-1', '2026-03-01T09:00:00Z', 'bad'));
    expect(failed.outputs).toEqual([]);
    expect(failed.failures).toEqual([{ worker: 'credit', source: 'toy-worker', dealerId: 'D-1', stage: 'apply', error: 'cannot read this payment' }]);
    const next = pipeline.accept(payment('D-1', '2026-03-01T10:00:00Z', 'good'));
    expect(next.failures).toEqual([]);
    expect(next.outputs).toHaveLength(1);
  });
});
