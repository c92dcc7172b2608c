import type { DealerProfile } from '@dealerflow/contracts';
import type { CreditHold, CreditHoldReader, DealerDirectory, EventLog } from '@dealerflow/runtime';
import pino from 'pino';
import { createServer, parseTokens } from '../src';
import { createInMemoryEventLog, createInMemoryHealth, createInMemoryOutputReader, TOKEN_SPEC } from './inMemoryRuntime';
import { dealerProfile } from './inMemoryNotifications';

/** A finance token without a display name: its decisions are recorded as decided by "finance". */
export const UNNAMED_FINANCE = 'tok-finance-unnamed';

export const DECIDED_AT = new Date('2026-04-03T10:15:00.000Z');

/**
 * The credit-hold reader in memory: `list` filters the seeded holds and keeps their order (the
 * urgency order is the runtime's, tested there); `failWith` makes every read reject.
 */
export function createInMemoryCreditHolds(holds: CreditHold[]) {
  const queries: Parameters<CreditHoldReader['list']>[0][] = [];
  let failure: Error | undefined;
  const reader: CreditHoldReader = {
    async list(query) {
      queries.push(query);
      if (failure) throw failure;
      return holds.filter(
        (hold) => (query.status === 'all' || hold.status === 'active') && (query.dealerId === undefined || hold.dealerId === query.dealerId),
      );
    },
    async get(holdId) {
      if (failure) throw failure;
      return holds.find((hold) => hold.holdId === holdId);
    },
  };
  return {
    reader,
    queries,
    failWith(error: Error | undefined) {
      failure = error;
    },
  };
}

/** Dealer D-1 over its limit by 2500.00, waiting for finance; suggested: review the limit. */
export const activeHold: CreditHold = {
  holdId: 'hold-D-1-1',
  dealerId: 'D-1',
  status: 'active',
  placedAt: '2026-04-02T09:00:00.000Z',
  reasons: [{ code: 'over_limit', exposure: 12_500, creditLimit: 10_000, excess: 2_500 }],
  exposure: 12_500,
  creditLimit: 10_000,
  openReceivables: 0,
  openOrderValue: 12_500,
  creditBalance: 0,
  overdueAmount: 0,
  maxDaysPastDue: 0,
  causedBy: 'ord-1',
  review: {
    paymentBehaviour: { onTimeRatio: null, averageDaysToPay: null, largestDaysPastDue: 0, invoicesSettled: 0 },
    suggestedAction: { code: 'review_limit', text: 'Review the credit limit: exposure 12500.00 is 2500.00 over the limit of 10000.00 (25%).' },
    score: {
      score: 63,
      grade: 'B',
      components: [
        { factor: 'payment_record', points: 18, maxPoints: 35, text: 'no invoice settled in the last 12 months: half the points' },
        { factor: 'overdue', points: 20, maxPoints: 20, text: 'nothing overdue' },
        { factor: 'utilization', points: 0, maxPoints: 15, text: '125% of the limit in use' },
        { factor: 'utilization_trend', points: 5, maxPoints: 10, text: 'utilization unknown' },
        { factor: 'recent_holds', points: 20, maxPoints: 20, text: '0 earlier hold(s) in the last 90 days' },
      ],
      figures: {
        onTimeRatio: null,
        averageDaysToPay: null,
        daysSalesOutstanding: null,
        utilization: 1.25,
        utilizationLast30Days: 0.625,
        utilizationPrevious60Days: null,
        utilizationTrend: 'unknown',
        orderValueLast30Days: 12_500,
        orderValuePrevious30DayAverage: 0,
        orderTrend: 'unknown',
        holdsLast90Days: 0,
      },
      suggestedLimit: {
        amount: 15_000,
        currentLimit: 10_000,
        monthlyOrderValue: 12_500,
        coverDays: 60,
        gradeFactor: 0.85,
        cappedBy: 'max_increase',
        text: 'Suggested limit 15000.00: orders of 12500.00 per 30 days × (30 net days + 30 days of orders) ÷ 30 × 0.85 for grade B, capped at +50%, rounded to 1000.',
      },
    },
  },
  release: null,
};

/** Dealer D-2's hold that finance released on 2026-03-20. */
export const releasedHold: CreditHold = {
  holdId: 'hold-D-2-1',
  dealerId: 'D-2',
  status: 'released',
  placedAt: '2026-03-15T08:00:00.000Z',
  reasons: [
    { code: 'past_due', overdueAmount: 800.5, maxDaysPastDue: 35, pastDueHoldDays: 30, invoiceIds: ['inv-7'] },
  ],
  exposure: 800.5,
  creditLimit: 50_000,
  openReceivables: 800.5,
  openOrderValue: 0,
  creditBalance: 0,
  overdueAmount: 800.5,
  maxDaysPastDue: 35,
  causedBy: 'tick-1',
  review: null,
  release: {
    releasedBy: 'finance',
    reason: 'promised to pay Friday',
    overrideUntil: '2026-03-27',
    causedBy: 'decision-1',
    releasedAt: '2026-03-20T11:00:00.000Z',
  },
};

/** A dealer directory that cannot be read: every profile read fails with `cause`. */
export function unreadableDirectory(cause: string): DealerDirectory {
  return {
    profile: async () => {
      throw new Error(cause);
    },
  };
}

/** A server with the credit-hold routes over in-memory ports, a fixed clock and the log captured. */
export function createCreditHoldTestServer(
  options: {
    holds?: CreditHold[];
    profiles?: Record<string, DealerProfile>;
    /** Replaces the in-memory event log's append (to make it dead-letter or fail). */
    append?: EventLog['append'];
    withDirectory?: boolean;
    /** Replaces the directory of `profiles` (to make it fail). */
    directory?: DealerDirectory;
  } = {},
) {
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const events = createInMemoryEventLog();
  const holds = createInMemoryCreditHolds(options.holds ?? [activeHold, releasedHold]);
  const profiles = new Map(Object.entries(options.profiles ?? { 'D-1': dealerProfile('Dealer One') }));
  const directory: DealerDirectory = options.directory ?? { profile: async (dealerId) => profiles.get(dealerId) };
  const app = createServer({
    eventLog: options.append ? { append: options.append } : events.eventLog,
    outputs: createInMemoryOutputReader([]).reader,
    health: createInMemoryHealth({ watermark: null, lag: {} }).health,
    tokens: parseTokens(`${TOKEN_SPEC},${UNNAMED_FINANCE}=finance`),
    logger,
    creditHolds: holds.reader,
    ...(options.withDirectory === false ? {} : { directory }),
    clock: () => DECIDED_AT,
  });
  return { app, events, holds, logLines };
}
