import type { OutputDraft, RebateProgram } from '@dealerflow/contracts';
import { fromCents } from '../money';
import type { ProgramEntry } from '../reference';
import type { WorkerContext } from '../pipeline';
import { computeAccrual, type Accrual } from './accrual';
import { isInScope } from './scope';
import { PERIOD_BUCKET, periodKey, type Bucket, type DeliveredLine, type ProgramProgress, type RebateState, type ReportedFigures } from './state';

type Ctx = WorkerContext<unknown>;
/** What a figure is computed from: the sales a bucket holds (open or closed period). */
type BucketFigures = Pick<Bucket, 'quantity' | 'amountCents'>;

/** The programs of the global table that apply to the dealer, by programId. */
export function applicablePrograms(state: RebateState, ctx: Ctx): [string, RebateProgram][] {
  return applicableEntries(state, ctx).map(([programId, entry]) => [programId, entry.program]);
}

function applicableEntries(state: RebateState, ctx: Ctx): [string, ProgramEntry][] {
  const found: [string, ProgramEntry][] = [];
  for (const [programId, entry] of ctx.reference.programs) {
    if (appliesTo(entry, state.dealerId)) found.push([programId, entry]);
  }
  return found.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function appliesTo(entry: ProgramEntry, dealerId: string): boolean {
  return entry.dealerId === '*' || entry.dealerId === dealerId;
}

/**
 * Brings the dealer's open periods in line with the program table: a program seen for the first
 * time, or changed, is recomputed from the period's recorded deliveries, and every figure that
 * moved is reported. A closed period is never reopened. Outside a program upsert (`compareContent`
 * false) a program whose version time is unchanged is taken as unchanged, which spares
 * serialising every program on every event.
 */
export function syncPrograms(state: RebateState, ctx: Ctx, compareContent: boolean): OutputDraft[] {
  const outputs: OutputDraft[] = [];
  const current = new Map(applicableEntries(state, ctx));
  for (const programId of Object.keys(state.programs)) {
    if (!current.has(programId)) delete state.programs[programId];
  }
  for (const [programId, { program, updatedAt }] of current) {
    if (state.closedPeriods[periodKey(programId, program.periodStart, program.periodEnd)] !== undefined) {
      delete state.programs[programId];
      continue;
    }
    const previous = state.programs[programId];
    if (previous?.updatedAt === updatedAt && !compareContent) continue;
    const json = JSON.stringify(program);
    if (previous?.programJson === json) {
      previous.updatedAt = updatedAt;
      continue;
    }
    const samePeriod = previous?.periodStart === program.periodStart && previous.periodEnd === program.periodEnd;
    const progress: ProgramProgress = { programJson: json, updatedAt, periodStart: program.periodStart, periodEnd: program.periodEnd, buckets: {} };
    for (const line of state.lines) addLine(program, progress, line);
    state.programs[programId] = progress;
    if (!samePeriod) {
      for (const key of Object.keys(progress.buckets)) outputs.push(...reportBucket(programId, program, progress, key, ctx.causedBy));
      continue;
    }
    for (const [key, bucket] of Object.entries(previous.buckets)) {
      const rebuilt = progress.buckets[key];
      if (rebuilt) rebuilt.reported = bucket.reported;
      else if (bucket.reported) {
        // Sales that no longer qualify (the scope narrowed) are reported at zero once, then dropped.
        progress.buckets[key] = { quantity: 0, amountCents: 0, reported: bucket.reported };
        outputs.push(...reportBucket(programId, program, progress, key, ctx.causedBy));
        delete progress.buckets[key];
      }
    }
    for (const key of Object.keys(progress.buckets)) outputs.push(...reportBucket(programId, program, progress, key, ctx.causedBy));
  }
  return outputs;
}

/** Counts newly delivered lines in every open period they fall in and reports the figures that moved. */
export function countDeliveredLines(state: RebateState, lines: readonly DeliveredLine[], ctx: Ctx): OutputDraft[] {
  const outputs: OutputDraft[] = [];
  for (const [programId, program] of applicablePrograms(state, ctx)) {
    const progress = state.programs[programId];
    if (!progress) continue;
    const touched = new Set<string>();
    for (const line of lines) {
      const key = addLine(program, progress, line);
      if (key !== undefined) touched.add(key);
    }
    for (const key of touched) outputs.push(...reportBucket(programId, program, progress, key, ctx.causedBy));
  }
  return outputs;
}

function addLine(program: RebateProgram, progress: ProgramProgress, line: DeliveredLine): string | undefined {
  if (line.qty === 0 || !isInScope(program, line)) return undefined;
  const key = program.accumulation === 'per_order' ? line.orderId : PERIOD_BUCKET;
  const bucket = (progress.buckets[key] ??= { quantity: 0, amountCents: 0, reported: null });
  bucket.quantity += line.qty;
  bucket.amountCents += line.qty * (line.unitPriceCents ?? 0);
  return key;
}

/** A bucket's volume in the program's basis units: units, or money. */
export function volumeOf(program: RebateProgram, bucket: BucketFigures): number {
  return program.basis === 'quantity' ? bucket.quantity : fromCents(bucket.amountCents);
}

export function accrualOf(program: RebateProgram, bucket: BucketFigures): Accrual {
  return computeAccrual(program.tiers, program.method, volumeOf(program, bucket), bucket.amountCents);
}

/** `rebate.accrued` when the bucket's figures differ from those last reported, then `rebate.tier.reached` on a rise. */
function reportBucket(programId: string, program: RebateProgram, progress: ProgramProgress, key: string, causedBy: string): OutputDraft[] {
  const bucket = progress.buckets[key];
  if (!bucket) return [];
  const accrual = accrualOf(program, bucket);
  const figures: ReportedFigures = {
    volume: volumeOf(program, bucket),
    amountCents: bucket.amountCents,
    tierIndex: accrual.tierIndex,
    rate: accrual.rate,
    accruedCents: accrual.accruedCents,
    nextThreshold: accrual.nextTier?.threshold ?? null,
  };
  const previous = bucket.reported;
  if (previous && sameFigures(previous, figures)) return [];
  bucket.reported = figures;
  const period = {
    programId,
    periodStart: progress.periodStart,
    periodEnd: progress.periodEnd,
    ...(key === PERIOD_BUCKET ? {} : { orderId: key }),
  };
  const outputs: OutputDraft[] = [
    {
      type: 'rebate.accrued',
      data: {
        ...period,
        volume: figures.volume,
        qualifyingAmount: fromCents(bucket.amountCents),
        tierIndex: accrual.tierIndex,
        rate: accrual.rate,
        accruedAmount: fromCents(accrual.accruedCents),
        nextTier: accrual.nextTier,
        causedBy,
      },
    },
  ];
  const tier = accrual.tierIndex === null ? undefined : program.tiers[accrual.tierIndex];
  // The threshold-0 tier is where every dealer starts: reaching it is no news.
  if (tier && tier.threshold > 0 && accrual.tierIndex !== null && accrual.tierIndex > (previous?.tierIndex ?? -1)) {
    outputs.push({
      type: 'rebate.tier.reached',
      data: {
        ...period,
        tierIndex: accrual.tierIndex,
        threshold: tier.threshold,
        rate: tier.rate,
        volume: figures.volume,
        accruedAmount: fromCents(accrual.accruedCents),
        nextTier: accrual.nextTier,
        causedBy,
      },
    });
  }
  return outputs;
}

function sameFigures(a: ReportedFigures, b: ReportedFigures): boolean {
  return (
    a.volume === b.volume &&
    a.amountCents === b.amountCents &&
    a.tierIndex === b.tierIndex &&
    a.rate === b.rate &&
    a.accruedCents === b.accruedCents &&
    a.nextThreshold === b.nextThreshold
  );
}
