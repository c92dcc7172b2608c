import type { CreditScore, PaymentBehaviour } from '@dealerflow/contracts';
import { dayNumber } from '../calendar';
import { fromCents, roundCentsHalfUp, roundHalfUp, toCents, type Cents } from '../money';
import type { WorkerContext } from '../pipeline';
import type { CreditAssessment } from './assessCredit';
import { averageExposure, sumTrend, type CreditTrend } from './creditTrend';
import type { CreditPolicy } from './policy';
import type { CreditScorePolicy } from './scorePolicy';
import type { CreditState } from './state';

const MS_PER_DAY = 86_400_000;

/** What the score reads: the dealer's figures now, its payment record and its recent history. */
export interface ScoreInput {
  assessment: CreditAssessment;
  behaviour: PaymentBehaviour;
  trend: CreditTrend | undefined;
  /** When each earlier hold was placed (epoch ms), not counting the hold under review. */
  earlierHoldsPlacedAt: readonly number[];
  /** The dealer's clock (epoch ms) and local day. */
  now: number;
  today: string;
  /** The dealer's net payment days (master data). */
  netDays: number;
  /** The credit policy's `pastDueHoldDays`: overdue beyond it costs every overdue point. */
  pastDueHoldDays: number;
}

type Components = CreditScore['components'];
type Figures = CreditScore['figures'];
type Trend = Figures['utilizationTrend'];

/**
 * The review's credit score: the 5C practice (character, capacity, capital, conditions, collateral)
 * made concrete with what the stream says about a dealer — how it pays (on-time ratio, days to pay,
 * what is overdue now), how much of its limit it uses and whether that is rising, whether it was
 * on hold lately — as points per factor, and a limit suggested from its order pace and its terms.
 */
export function scoreCredit(input: ScoreInput, policy: CreditScorePolicy): CreditScore {
  const figures = scoreFigures(input, policy);
  const components = scoreComponents(input, figures, policy);
  const score = Math.min(100, components.reduce((sum, component) => sum + component.points, 0));
  const grade = gradeOf(score, policy);
  return { score, grade, components, figures, suggestedLimit: suggestLimit(input, grade, policy) };
}

/** The score of a hold just placed (the last hold in `state.holds`), as the review carries it. */
export function reviewScore(state: CreditState, assessment: CreditAssessment, behaviour: PaymentBehaviour, ctx: WorkerContext<CreditPolicy>): CreditScore {
  const input: ScoreInput = {
    assessment,
    behaviour,
    trend: state.trend,
    earlierHoldsPlacedAt: state.holds.slice(0, -1).map((hold) => hold.from),
    now: ctx.now,
    today: ctx.today,
    netDays: ctx.dealer?.paymentTerms.netDays ?? 0,
    pastDueHoldDays: ctx.policy.pastDueHoldDays,
  };
  return scoreCredit(input, ctx.policy.score);
}

function scoreFigures(input: ScoreInput, policy: CreditScorePolicy): Figures {
  const { assessment, trend } = input;
  const today = dayNumber(input.today);
  const recentFrom = today - policy.recentDays + 1;
  const windowFrom = today - policy.windowDays + 1;
  const limitCents = assessment.creditLimitCents;
  const invoicedCents = sumTrend(trend, 2, windowFrom, today);
  const recentAverage = averageExposure(trend, recentFrom, today, assessment.exposureCents);
  const earlierAverage = averageExposure(trend, windowFrom, recentFrom - 1, assessment.exposureCents);
  const utilizationLast30Days = limitCents > 0 && recentAverage !== undefined ? roundHalfUp(recentAverage / limitCents, 4) : null;
  const utilizationPrevious60Days = limitCents > 0 && earlierAverage !== undefined ? roundHalfUp(earlierAverage / limitCents, 4) : null;
  const recentOrders = sumTrend(trend, 1, recentFrom, today);
  const earlierPace = perPeriod(sumTrend(trend, 1, windowFrom, recentFrom - 1), knownDays(trend, windowFrom, recentFrom - 1), policy.recentDays);
  return {
    onTimeRatio: input.behaviour.onTimeRatio,
    averageDaysToPay: input.behaviour.averageDaysToPay,
    daysSalesOutstanding: invoicedCents > 0 ? roundHalfUp((assessment.openReceivablesCents / invoicedCents) * policy.windowDays, 1) : null,
    utilization: limitCents > 0 ? roundHalfUp(assessment.exposureCents / limitCents, 4) : null,
    utilizationLast30Days,
    utilizationPrevious60Days,
    utilizationTrend: direction(utilizationLast30Days, utilizationPrevious60Days, (recent, earlier) => recent - earlier, policy.utilizationTrendThreshold),
    orderValueLast30Days: fromCents(recentOrders),
    orderValuePrevious30DayAverage: fromCents(earlierPace),
    orderTrend: orderTrend(recentOrders, earlierPace, knowsEarlierPeriod(trend, recentFrom), policy.orderTrendThreshold),
    holdsLast90Days: input.earlierHoldsPlacedAt.filter((placedAt) => placedAt > input.now - policy.windowDays * MS_PER_DAY).length,
  };
}

function scoreComponents(input: ScoreInput, figures: Figures, policy: CreditScorePolicy): Components {
  const { points } = policy;
  const { assessment } = input;
  const ratio = figures.onTimeRatio;
  const overdue = fromCents(assessment.overdueCents).toFixed(2);
  const overduePoints =
    assessment.overdueCents === 0 ? points.overdue : assessment.maxDaysPastDue <= input.pastDueHoldDays ? Math.round(points.overdue / 2) : 0;
  const utilization = figures.utilization;
  const utilizationPoints =
    utilization === null
      ? assessment.exposureCents <= 0 ? points.utilization : 0
      : utilization <= 0.8 ? points.utilization : utilization <= 1 ? Math.round(points.utilization / 2) : 0;
  const trendPoints = { falling: 1, steady: 1, unknown: 0.5, rising: 0 }[figures.utilizationTrend];
  const holds = figures.holdsLast90Days;
  return [
    {
      factor: 'payment_record',
      points: Math.round(points.paymentRecord * (ratio ?? 0.5)),
      maxPoints: points.paymentRecord,
      text: ratio === null ? 'no invoice settled in the last 12 months: half the points' : `${percent(ratio)} of invoices paid on time`,
    },
    {
      factor: 'overdue',
      points: overduePoints,
      maxPoints: points.overdue,
      text: assessment.overdueCents === 0 ? 'nothing overdue' : `${overdue} overdue, up to ${assessment.maxDaysPastDue} days past due`,
    },
    {
      factor: 'utilization',
      points: utilizationPoints,
      maxPoints: points.utilization,
      text: utilization === null ? 'no limit to use' : `${percent(utilization)} of the limit in use`,
    },
    {
      factor: 'utilization_trend',
      points: Math.round(points.utilizationTrend * trendPoints),
      maxPoints: points.utilizationTrend,
      text: `utilization ${figures.utilizationTrend}`,
    },
    {
      factor: 'recent_holds',
      points: Math.max(0, points.recentHolds - Math.round((points.recentHolds / 2) * holds)),
      maxPoints: points.recentHolds,
      text: `${holds} earlier hold(s) in the last ${policy.windowDays} days`,
    },
  ];
}

function gradeOf(score: number, policy: CreditScorePolicy): CreditScore['grade'] {
  const floors = policy.gradeFloors;
  return score >= floors.A ? 'A' : score >= floors.B ? 'B' : score >= floors.C ? 'C' : 'D';
}

/**
 * Orders per 30 days (over the window, or the days of it the trend knows) × (net days + order cover days) ÷ 30: the exposure a dealer paying on its terms
 * carries, times the grade's factor; capped around the current limit and rounded to the policy's
 * step. Without orders in the window there is no basis: the current limit is suggested.
 */
function suggestLimit(input: ScoreInput, grade: CreditScore['grade'], policy: CreditScorePolicy): CreditScore['suggestedLimit'] {
  const today = dayNumber(input.today);
  const currentCents = input.assessment.creditLimitCents;
  const windowFrom = today - policy.windowDays + 1;
  // A dealer known for less than the recent part of the window is judged over that part, not extrapolated from a few days.
  const days = Math.max(policy.recentDays, knownDays(input.trend, windowFrom, today));
  const monthlyCents = perPeriod(sumTrend(input.trend, 1, windowFrom, today), days, 30);
  const coverDays = input.netDays + policy.orderCoverDays;
  const gradeFactor = policy.gradeFactors[grade];
  const base = { currentLimit: fromCents(currentCents), monthlyOrderValue: fromCents(monthlyCents), coverDays, gradeFactor };
  if (monthlyCents === 0) {
    return { ...base, amount: fromCents(currentCents), cappedBy: null, text: `Keep the limit of ${money(currentCents)}: no orders in the last ${policy.windowDays} days to base a limit on.` };
  }
  const wantedCents = roundCentsHalfUp(((monthlyCents * coverDays) / 30) * gradeFactor);
  const ceiling = currentCents > 0 ? roundCentsHalfUp(currentCents * (1 + policy.maxIncrease)) : Number.POSITIVE_INFINITY;
  const floor = roundCentsHalfUp(currentCents * (1 - policy.maxDecrease));
  const cappedBy = wantedCents > ceiling ? 'max_increase' : wantedCents < floor ? 'max_decrease' : null;
  const cappedCents = Math.min(ceiling, Math.max(floor, wantedCents));
  const stepCents = toCents(policy.roundTo);
  const amountCents = Math.max(stepCents, Math.floor((cappedCents + stepCents / 2) / stepCents) * stepCents);
  const cap = cappedBy === 'max_increase' ? `, capped at +${percent(policy.maxIncrease)}` : cappedBy === 'max_decrease' ? `, capped at −${percent(policy.maxDecrease)}` : '';
  return {
    ...base,
    amount: fromCents(amountCents),
    cappedBy,
    text: `Suggested limit ${money(amountCents)}: orders of ${money(monthlyCents)} per 30 days × (${input.netDays} net days + ${policy.orderCoverDays} days of orders) ÷ 30 × ${gradeFactor} for grade ${grade}${cap}, rounded to ${policy.roundTo}.`,
  };
}

/** Cents over `days` scaled to `perDays`, to the cent. */
function perPeriod(cents: Cents, days: number, perDays: number): Cents {
  return days > 0 ? roundCentsHalfUp((cents * perDays) / days) : 0;
}

/** The days of [fromDay, toDay] the trend knows (from its `since`). */
function knownDays(trend: CreditTrend | undefined, fromDay: number, toDay: number): number {
  return trend ? Math.max(0, toDay - Math.max(fromDay, trend.since) + 1) : 0;
}

function knowsEarlierPeriod(trend: CreditTrend | undefined, recentFrom: number): boolean {
  return trend !== undefined && trend.since < recentFrom;
}

function orderTrend(recentCents: Cents, earlierPaceCents: Cents, known: boolean, threshold: number): Trend {
  if (!known) return 'unknown';
  if (earlierPaceCents === 0) return recentCents > 0 ? 'rising' : 'unknown';
  return direction(recentCents, earlierPaceCents, (recent, earlier) => recent / earlier - 1, threshold);
}

function direction(recent: number | null, earlier: number | null, change: (recent: number, earlier: number) => number, threshold: number): Trend {
  if (recent === null || earlier === null) return 'unknown';
  const delta = change(recent, earlier);
  return delta > threshold + 1e-9 ? 'rising' : delta < -threshold - 1e-9 ? 'falling' : 'steady';
}

function money(cents: Cents): string {
  return fromCents(cents).toFixed(2);
}

function percent(share: number): string {
  return `${roundHalfUp(share * 100, 1)}%`;
}
