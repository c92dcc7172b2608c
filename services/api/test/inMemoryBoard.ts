import {
  InvalidCursorError,
  type CashDiscount,
  type CreditDecisionRecord,
  type DealerBoard,
  type DealerListQuery,
  type DealerSummary,
  type DealerTierSuggestion,
  type DeliveryExplanation,
  type ExposurePoint,
  type OpenStockAlert,
  type Page,
  type RebateAdjustment,
  type RebateProgress,
  type RebateStatement,
  type StockPosition,
  type StockSeverity,
  type TierSuggestion,
  type TimelineEntry,
} from '@dealerflow/runtime';
import { AGEING_BUCKETS, type AgeingReport, type OpenInvoice } from '@dealerflow/domain';
import pino from 'pino';
import { createServer, parseTokens } from '../src';
import { createInMemoryEventLog, createInMemoryHealth, createInMemoryOutputReader, TOKEN_SPEC } from './inMemoryRuntime';

/**
 * The dashboards' read models in memory (issue 9), from fixture arrays, for the HTTP and page
 * tests. Every filter, order and page of the port's doc comments is honoured here so a test on this
 * fake says what the real board will answer. A dealer's `openAlerts` and `lateDeliveries` are
 * counted from the fixture's alerts and deliveries, so they cannot disagree with the lists.
 *
 * Cursors are `<list>:<i>`, i the position in the list's own order (after its filters) of the last
 * item returned; anything else, or a cursor of another list, is refused with InvalidCursorError as
 * the real board does. Ties in an order are broken on the items' ids so every page is stable.
 */

/** A dealer as the fixture gives it; the counts are derived. */
export type BoardDealer = Omit<DealerSummary, 'openAlerts' | 'lateDeliveries'>;

export interface BoardFixture {
  dealers: BoardDealer[];
  alerts: OpenStockAlert[];
  deliveries: DeliveryExplanation[];
  /** In log order; the board sorts them into event time. */
  timeline: (TimelineEntry & { dealerId: string })[];
  /** In log order (oldest first). */
  exposure: (ExposurePoint & { dealerId: string })[];
  positions: (StockPosition & { dealerId: string })[];
  progress: RebateProgress[];
  statements: RebateStatement[];
  discounts: CashDiscount[];
  /**
   * Issue 21: rebate adjustments issued, and each dealer's latest tier suggestion (one per dealer, as the board keeps
   * them) with where it stands; one without a status is open. Only the open ones are listed by `tierSuggestions`.
   */
  adjustments?: RebateAdjustment[];
  tierSuggestions?: (TierSuggestion & { status?: DealerTierSuggestion['status'] })[];
  decisions: CreditDecisionRecord[];
  /** Open invoices with the dealer's day they are aged on; the ageing is summed from them by the domain's buckets. */
  invoices: (OpenInvoice & { dealerId: string; today: string })[];
  /** The credit worker's watermark; null before its first batch. */
  asOf: string | null;
}

/** Worst first. */
export const SEVERITY_ORDER: readonly StockSeverity[] = ['critical', 'high', 'medium', 'low'];
const rank = (severity: StockSeverity) => SEVERITY_ORDER.indexOf(severity);

export type InMemoryBoard = DealerBoard & {
  /** Every call, e.g. `listDealers {"limit":50}`, for tests that check what was asked. */
  calls: string[];
  /** Makes every call reject with `error` (an unreachable database); undefined heals it. */
  failWith(error: Error | undefined): void;
};

/** A fixture given in part has empty lists for the rest. */
export function createInMemoryBoard(given: Partial<BoardFixture> = DEFAULT_BOARD_FIXTURE): InMemoryBoard {
  const fixture: BoardFixture = {
    dealers: [],
    alerts: [],
    deliveries: [],
    timeline: [],
    exposure: [],
    positions: [],
    progress: [],
    statements: [],
    discounts: [],
    decisions: [],
    invoices: [],
    asOf: null,
    ...given,
  };
  const calls: string[] = [];
  let failure: Error | undefined;
  const guard = (method: string, query?: unknown) => {
    calls.push(query === undefined ? method : `${method} ${JSON.stringify(query)}`);
    if (failure) throw failure;
  };

  const summary = (dealer: BoardDealer): DealerSummary => {
    const openAlerts: Record<StockSeverity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
    for (const alert of fixture.alerts) if (alert.dealerId === dealer.dealerId) openAlerts[alert.severity] += 1;
    const lateDeliveries = fixture.deliveries.filter((delivery) => delivery.dealerId === dealer.dealerId && isOpen(delivery)).length;
    return { ...structuredClone(dealer), openAlerts, lateDeliveries };
  };
  const dealerOrder = (a: DealerSummary, b: DealerSummary) =>
    a.tier.localeCompare(b.tier) ||
    b.openAlerts.critical - a.openAlerts.critical ||
    b.openAlerts.high - a.openAlerts.high ||
    a.dealerId.localeCompare(b.dealerId);
  const matches = (dealer: DealerSummary, query: DealerListQuery) => {
    const needle = query.search?.toLowerCase();
    return (
      (query.region === undefined || dealer.region === query.region) &&
      (query.tier === undefined || dealer.tier === query.tier) &&
      (needle === undefined || dealer.dealerId.toLowerCase().includes(needle) || dealer.name.toLowerCase().includes(needle)) &&
      (query.minSeverity === undefined ||
        SEVERITY_ORDER.slice(0, rank(query.minSeverity) + 1).some((severity) => dealer.openAlerts[severity] > 0)) &&
      (query.onHold === undefined || (dealer.credit.status === 'on_hold') === query.onHold)
    );
  };
  const of = (dealerId: string | undefined) => (item: { dealerId: string }) => dealerId === undefined || item.dealerId === dealerId;

  return {
    calls,
    failWith(error) {
      failure = error;
    },

    async regions() {
      guard('regions');
      return [...new Set(fixture.dealers.map((dealer) => dealer.region))].sort();
    },

    async listDealers(query) {
      guard('listDealers', query);
      const all = fixture.dealers.map(summary).filter((dealer) => matches(dealer, query)).sort(dealerOrder);
      return { ...pageOf('dealers', all, query.limit, query.after), total: all.length };
    },

    async dealer(dealerId) {
      guard('dealer', dealerId);
      const found = fixture.dealers.find((dealer) => dealer.dealerId === dealerId);
      return found && summary(found);
    },

    async openAlerts(query) {
      guard('openAlerts', query);
      const worst = query.minSeverity === undefined ? SEVERITY_ORDER.length - 1 : rank(query.minSeverity);
      const items = fixture.alerts
        .filter((alert) => of(query.dealerId)(alert) && rank(alert.severity) <= worst)
        .sort((a, b) => rank(a.severity) - rank(b.severity) || newestFirst(a.raisedAt, b.raisedAt) || a.alertId.localeCompare(b.alertId));
      return pageOf('alerts', items, query.limit, query.after);
    },

    async deliveries(query) {
      guard('deliveries', query);
      const items = fixture.deliveries
        .filter((delivery) => of(query.dealerId)(delivery) && (query.open === undefined || isOpen(delivery) === query.open))
        .sort((a, b) => newestFirst(a.occurredAt, b.occurredAt) || a.orderId.localeCompare(b.orderId));
      return pageOf('deliveries', items, query.limit, query.after);
    },

    async timeline(query) {
      guard('timeline', query);
      const items = fixture.timeline
        .map((entry, index) => ({ entry, index }))
        .filter(({ entry }) => entry.dealerId === query.dealerId)
        .sort(
          (a, b) =>
            Date.parse(a.entry.occurredAt) - Date.parse(b.entry.occurredAt) ||
            (a.entry.kind === b.entry.kind ? 0 : a.entry.kind === 'input' ? -1 : 1) ||
            a.index - b.index,
        )
        .map(({ entry }) => {
          const { dealerId: _dealerId, ...line } = entry;
          return structuredClone(line);
        });
      if (query.before !== undefined) return pageBefore('timeline', items, query.limit, query.before);
      if (query.after === undefined && query.until !== undefined) {
        const until = Date.parse(query.until);
        const end = items.filter((entry) => Date.parse(entry.occurredAt) <= until).length;
        return pageBefore('timeline', items, query.limit, end === items.length ? 'end' : `timeline:${end}`);
      }
      return pageOf('timeline', items, query.limit, query.after);
    },

    async exposureHistory(dealerId, limit) {
      guard('exposureHistory', { dealerId, limit });
      const points = fixture.exposure.filter(of(dealerId)).map(({ dealerId: _dealerId, ...point }) => point);
      return points.slice(Math.max(0, points.length - limit));
    },

    async stockPositions(dealerId) {
      guard('stockPositions', dealerId);
      return fixture.positions
        .filter(of(dealerId))
        .map(({ dealerId: _dealerId, ...position }) => position)
        .sort((a, b) => coverOrder(a.daysOfCover, b.daysOfCover) || a.sku.localeCompare(b.sku));
    },

    async rebateProgress(dealerId) {
      guard('rebateProgress', dealerId);
      return structuredClone(
        fixture.progress
          .filter(of(dealerId))
          .sort(
            (a, b) =>
              b.periodStart.localeCompare(a.periodStart) ||
              a.programId.localeCompare(b.programId) ||
              (a.orderId ?? '').localeCompare(b.orderId ?? ''),
          ),
      );
    },

    async rebateStatements(query) {
      guard('rebateStatements', query);
      const items = fixture.statements
        .filter((statement) => of(query.dealerId)(statement) && (query.status === undefined || statement.status === query.status))
        .sort(
          (a, b) =>
            newestFirst(a.occurredAt, b.occurredAt) ||
            a.dealerId.localeCompare(b.dealerId) ||
            a.programId.localeCompare(b.programId) ||
            b.periodStart.localeCompare(a.periodStart),
        );
      return pageOf('statements', items, query.limit, query.after);
    },

    async cashDiscounts(query) {
      guard('cashDiscounts', query);
      const items = fixture.discounts
        .filter(of(query.dealerId))
        .sort((a, b) => newestFirst(a.occurredAt, b.occurredAt) || a.invoiceId.localeCompare(b.invoiceId));
      return pageOf('discounts', items, query.limit, query.after);
    },

    async rebateAdjustments(query) {
      guard('rebateAdjustments', query);
      const items = (fixture.adjustments ?? []).filter(of(query.dealerId)).sort((a, b) => newestFirst(a.occurredAt, b.occurredAt) || a.documentId.localeCompare(b.documentId));
      return pageOf('adjustments', items, query.limit, query.after);
    },

    async tierSuggestions(query) {
      guard('tierSuggestions', query);
      const items = (fixture.tierSuggestions ?? [])
        .filter((suggestion) => of(query.dealerId)(suggestion) && (suggestion.status ?? 'open') === 'open')
        .map(({ status: _status, ...suggestion }) => suggestion)
        .sort((a, b) => newestFirst(a.occurredAt, b.occurredAt) || a.dealerId.localeCompare(b.dealerId));
      return pageOf('tierSuggestions', items, query.limit, query.after);
    },

    async latestTierSuggestion(dealerId) {
      guard('latestTierSuggestion', dealerId);
      const found = (fixture.tierSuggestions ?? []).find(of(dealerId));
      return found && structuredClone({ ...found, status: found.status ?? 'open' });
    },

    async ageing() {
      guard('ageing');
      return { ...ageingOf(fixture.invoices), asOf: fixture.asOf };
    },

    async openInvoices(dealerId) {
      guard('openInvoices', dealerId);
      const invoices = fixture.invoices.filter(of(dealerId));
      return { today: invoices[0]?.today ?? null, invoices: invoices.map(({ dealerId: _dealerId, today: _today, ...invoice }) => invoice) };
    },

    async creditDecisions(query) {
      guard('creditDecisions', query);
      const items = fixture.decisions
        .filter((decision) => of(query.dealerId)(decision) && (query.holdId === undefined || decision.holdId === query.holdId))
        .sort((a, b) => newestFirst(a.decidedAt, b.decidedAt) || a.eventId.localeCompare(b.eventId));
      return pageOf('decisions', items, query.limit, query.after);
    },
  };
}

/** The ageing the real board gives for these invoices: the same buckets, added in cents, worst dealers first. */
function ageingOf(invoices: readonly (OpenInvoice & { dealerId: string; today: string })[]): AgeingReport {
  const cents = new Map<string, { today: string; buckets: Record<string, number> }>();
  for (const invoice of invoices) {
    const entry = cents.get(invoice.dealerId) ?? { today: invoice.today, buckets: {} };
    entry.buckets[invoice.bucket] = (entry.buckets[invoice.bucket] ?? 0) + Math.round(invoice.open * 100);
    cents.set(invoice.dealerId, entry);
  }
  const money = (buckets: Record<string, number>) => {
    const row = Object.fromEntries(AGEING_BUCKETS.map((bucket) => [bucket, (buckets[bucket] ?? 0) / 100])) as Record<(typeof AGEING_BUCKETS)[number], number>;
    return { ...row, total: AGEING_BUCKETS.reduce((sum, bucket) => sum + (buckets[bucket] ?? 0), 0) / 100 };
  };
  const total: Record<string, number> = {};
  for (const { buckets } of cents.values()) for (const [bucket, value] of Object.entries(buckets)) total[bucket] = (total[bucket] ?? 0) + value;
  const dealers = [...cents].map(([dealerId, { today, buckets }]) => ({ dealerId, today, ...money(buckets) }));
  dealers.sort((a, b) => b.over90 - a.over90 || b.total - a.total || a.dealerId.localeCompare(b.dealerId));
  return { dealers, total: money(total) };
}

const newestFirst = (a: string, b: string) => Date.parse(b) - Date.parse(a);
/** Not yet delivered in full: a late order still on its way, or a partial one. */
const isOpen = (delivery: DeliveryExplanation) => delivery.type === 'delivery.partial' || delivery.status !== 'delivered';
/** Lowest cover first; null (nothing sold, cover without end) last. */
const coverOrder = (a: number | null, b: number | null) => (a ?? Number.POSITIVE_INFINITY) - (b ?? Number.POSITIVE_INFINITY) || 0;

function position(list: string, cursor: string): number {
  const match = new RegExp(`^${list}:(\\d+)$`).exec(cursor);
  if (!match) throw new InvalidCursorError(`unknown cursor ${cursor}`);
  return Number(match[1]);
}

/** The `limit` items after the cursor; nextCursor null when nothing follows. */
function pageOf<T>(list: string, items: T[], limit: number, after: string | undefined): Page<T> {
  const start = after === undefined ? 0 : position(list, after) + 1;
  const taken = items.slice(start, start + limit);
  const end = start + taken.length;
  return { items: structuredClone(taken), nextCursor: taken.length > 0 && end < items.length ? `${list}:${end - 1}` : null };
}

/**
 * The timeline read backwards (port: `before`): the `limit` items just before the cursor's item (or the
 * last `limit` for `'end'`), still oldest first; the cursor is then that of the first item returned, to
 * pass as `before` again, null at the start. A cursor is the position of an item, so any cursor the
 * timeline gave works.
 */
function pageBefore<T>(list: string, items: T[], limit: number, before: string): Page<T> {
  const end = before === 'end' ? items.length : Math.min(position(list, before), items.length);
  const start = Math.max(0, end - limit);
  const taken = items.slice(start, end);
  return { items: structuredClone(taken), nextCursor: taken.length > 0 && start > 0 ? `${list}:${start}` : null };
}

/** A server with the board's routes over the in-memory board, and the log captured. */
export function createBoardTestServer(fixture?: Partial<BoardFixture>) {
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void logLines.push(line) });
  const board = createInMemoryBoard(fixture);
  const app = createServer({
    eventLog: createInMemoryEventLog().eventLog,
    outputs: createInMemoryOutputReader([]).reader,
    health: createInMemoryHealth({ watermark: null, lag: {} }).health,
    tokens: parseTokens(TOKEN_SPEC),
    logger,
    board,
  });
  return { app, board, logLines };
}

// ---- the default fixture ------------------------------------------------------------------------

/**
 * Three dealers in two regions: D-1 (tier A, zh-CN, East) is out of stock of a key SKU, has a late
 * delivery and is on credit hold `hold-D-1-1`, and is 1500 m³ short of its next rebate tier; D-2
 * (tier B, West) has a partial delivery, a limit warning, a withheld statement and a cash discount;
 * D-3 (tier C, East) is quiet but for an overstock and a late delivery since delivered in full. D-1 and D-2 match the test tokens and the
 * credit-hold fixtures (inMemoryCreditHolds.ts).
 */
/** Issue 21: D-1 (tier A) ranks as class B at April's close; ops may accept it. */
export const TIER_SUGGESTION_D1: TierSuggestion = {
  dealerId: 'D-1',
  occurredAt: '2026-05-01T00:00:00.000Z',
  month: '2026-04',
  windowMonths: 12,
  currentTier: 'A',
  suggestedTier: 'B',
  sales: 412_345.67,
  currency: 'CNY',
  rank: 4,
  dealerCount: 30,
  share: 0.061234,
  cumulativeShare: 0.853,
  totalSales: 6_734_000,
  classShares: { A: 0.8, B: 0.95 },
  causedBy: 'in-sales-2026-04',
};

/** Issue 21: a return landed in D-1's closed Q1: the rebate goes down by 184. */
export const ADJUSTMENT_D1: RebateAdjustment = {
  dealerId: 'D-1',
  occurredAt: '2026-04-09T10:12:00.000Z',
  programId: 'Q1-PUMPS',
  periodStart: '2026-01-01',
  periodEnd: '2026-03-31',
  reason: 'return',
  documentId: 'CN-0311',
  previousVolume: 298,
  previousQualifyingAmount: 342_700,
  previousRebateAmount: 6_854,
  volume: 290,
  qualifyingAmount: 333_500,
  tierIndex: 1,
  rate: 0.02,
  rebateAmount: 6_670,
  adjustmentAmount: -184,
  status: 'payable',
  withheldReason: null,
  settlement: { policy: 'offset', payableAmount: -184, offsetAmount: 0, offsets: [], withheldAmount: 0 },
  causedBy: 'in-cn-0311',
};

export const DEFAULT_BOARD_FIXTURE: BoardFixture = {
  dealers: [
    {
      dealerId: 'D-1',
      name: '华东汽配 Huadong Parts',
      tier: 'A',
      region: 'East',
      locale: 'zh-CN',
      credit: { status: 'on_hold', holdId: 'hold-D-1-1', exposure: 12_500, creditLimit: 10_000 },
    },
    {
      dealerId: 'D-2',
      name: 'Westside Motors',
      tier: 'B',
      region: 'West',
      locale: 'en',
      credit: { status: 'warning', holdId: null, exposure: 46_000, creditLimit: 50_000 },
    },
    {
      dealerId: 'D-3',
      name: 'Eastern Spares',
      tier: 'C',
      region: 'East',
      locale: 'en',
      credit: { status: 'ok', holdId: null, exposure: null, creditLimit: 20_000 },
    },
  ],
  alerts: [
    {
      dealerId: 'D-1',
      raisedAt: '2026-04-02T06:00:00.000Z',
      alertId: 'D-1/SKU-100/stockout/1',
      sku: 'SKU-100',
      kind: 'stockout',
      severity: 'critical',
      onHand: 0,
      inTransit: 0,
      onOrder: 0,
      avgDailySales: 4,
      daysOfCover: 0,
      reorderPoint: 40,
      suggestedOrderQty: 80,
      causedBy: 'sales-D-1-0402',
    },
    {
      dealerId: 'D-1',
      raisedAt: '2026-04-01T06:00:00.000Z',
      alertId: 'D-1/SKU-200/low_stock/1',
      sku: 'SKU-200',
      kind: 'low_stock',
      severity: 'high',
      onHand: 6,
      inTransit: 0,
      onOrder: 0,
      avgDailySales: 2,
      daysOfCover: 3,
      reorderPoint: 20,
      suggestedOrderQty: 34,
      causedBy: 'stock-D-1-0401',
    },
    {
      dealerId: 'D-2',
      raisedAt: '2026-04-01T07:00:00.000Z',
      alertId: 'D-2/SKU-100/low_stock/1',
      sku: 'SKU-100',
      kind: 'low_stock',
      severity: 'medium',
      onHand: 12,
      inTransit: 10,
      onOrder: 0,
      avgDailySales: 2,
      daysOfCover: 11,
      reorderPoint: 24,
      suggestedOrderQty: 10,
      causedBy: 'stock-D-2-0401',
    },
    {
      dealerId: 'D-3',
      raisedAt: '2026-03-30T07:00:00.000Z',
      alertId: 'D-3/SKU-300/overstock/1',
      sku: 'SKU-300',
      kind: 'overstock',
      severity: 'low',
      onHand: 400,
      inTransit: 0,
      onOrder: 0,
      avgDailySales: 1,
      daysOfCover: 400,
      reorderPoint: 10,
      suggestedOrderQty: 0,
      causedBy: 'stock-D-3-0330',
    },
  ],
  deliveries: [
    {
      type: 'delivery.late',
      dealerId: 'D-1',
      occurredAt: '2026-04-02T08:00:00.000Z',
      orderId: 'ORD-1',
      status: 'in_transit',
      promisedDeliveryDate: '2026-03-30',
      deliveredAt: null,
      daysLate: 3,
      causes: [
        { code: 'credit_hold', days: 1, detail: { holdId: 'hold-D-1-1' } },
        { code: 'carrier_delay', days: 2, detail: { carrier: 'SF Express', reason: 'weather' } },
      ],
      explanation: {
        en: 'Order ORD-1 is 3 days late: 1 day on credit hold, 2 days of carrier delay (weather).',
        'zh-CN': '订单 ORD-1 延迟 3 天：信用冻结 1 天，承运商延误 2 天（天气）。',
      },
      causedBy: 'tick-0402',
    },
    {
      type: 'delivery.partial',
      dealerId: 'D-2',
      occurredAt: '2026-04-01T15:00:00.000Z',
      orderId: 'ORD-2',
      status: 'delivered',
      promisedDeliveryDate: '2026-04-01',
      deliveredAt: '2026-04-01T14:30:00.000Z',
      daysLate: 0,
      causes: [{ code: 'backorder', days: 0, detail: { sku: 'SKU-200' } }],
      explanation: {
        en: 'Order ORD-2 arrived on time but short: 5 of 20 SKU-200 are on backorder.',
        'zh-CN': '订单 ORD-2 按时到达但不完整：SKU-200 有 5 件（共 20 件）缺货待发。',
      },
      shortLines: [{ sku: 'SKU-200', ordered: 20, delivered: 15 }],
      causedBy: 'delivered-ORD-2',
    },
    // Late, then delivered in full: still listed, no longer open (nor counted in lateDeliveries).
    {
      type: 'delivery.late',
      dealerId: 'D-3',
      occurredAt: '2026-03-28T16:00:00.000Z',
      orderId: 'ORD-3',
      status: 'delivered',
      promisedDeliveryDate: '2026-03-26',
      deliveredAt: '2026-03-28T15:00:00.000Z',
      daysLate: 2,
      causes: [{ code: 'late_dispatch', days: 2, detail: { plannedShipDate: '2026-03-20', shippedAt: '2026-03-22' } }],
      explanation: {
        en: 'Order ORD-3 arrived 2 days late: it left the warehouse 2 days after the planned date.',
        'zh-CN': '订单 ORD-3 晚到 2 天：比计划发货日期晚 2 天出库。',
      },
      causedBy: 'delivered-ORD-3',
    },
  ],
  timeline: [
    {
      dealerId: 'D-1',
      kind: 'input',
      eventId: 'dealer-D-1',
      type: 'dealer.upserted',
      occurredAt: '2026-03-01T00:00:00.000Z',
      topic: 'dealer.master.v1',
      data: { name: '华东汽配 Huadong Parts', tier: 'A', region: 'East', locale: 'zh-CN', creditLimit: 10_000 },
    },
    {
      dealerId: 'D-1',
      kind: 'input',
      eventId: 'ord-1',
      type: 'order.placed',
      occurredAt: '2026-03-25T09:00:00.000Z',
      topic: 'dealer.orders.v1',
      data: { orderId: 'ORD-1', lines: [{ sku: 'SKU-100', qty: 50, unitPrice: 250 }] },
    },
    // Logged after the order, but the hold it caused carries the same event time: the output sorts after.
    {
      dealerId: 'D-1',
      kind: 'output',
      eventId: 'out-hold-D-1-1',
      type: 'credit.hold.placed',
      occurredAt: '2026-03-25T09:00:00.000Z',
      topic: 'dealer.credit.v1',
      data: { holdId: 'hold-D-1-1', exposure: 12_500, creditLimit: 10_000, causedBy: 'ord-1' },
    },
    {
      dealerId: 'D-1',
      kind: 'output',
      eventId: 'out-alert-D-1-1',
      type: 'stock.alert.raised',
      occurredAt: '2026-04-02T06:00:00.000Z',
      topic: 'dealer.stock-alerts.v1',
      data: { alertId: 'D-1/SKU-100/stockout/1', severity: 'critical', causedBy: 'sales-D-1-0402' },
    },
    // Logged before the alert though it happened earlier: the timeline is in event time.
    {
      dealerId: 'D-1',
      kind: 'input',
      eventId: 'sales-D-1-0402',
      type: 'dealer.sales.reported',
      occurredAt: '2026-04-02T05:00:00.000Z',
      topic: 'dealer.inventory.v1',
      data: { lines: [{ sku: 'SKU-100', qty: 12 }] },
    },
    {
      dealerId: 'D-2',
      kind: 'input',
      eventId: 'dealer-D-2',
      type: 'dealer.upserted',
      occurredAt: '2026-03-01T00:00:00.000Z',
      topic: 'dealer.master.v1',
      data: { name: 'Westside Motors', tier: 'B', region: 'West', locale: 'en', creditLimit: 50_000 },
    },
  ],
  exposure: [
    { dealerId: 'D-1', at: '2026-03-01T00:00:00.000Z', exposure: 0, creditLimit: 10_000, openReceivables: 0, openOrderValue: 0, overdueAmount: 0 },
    { dealerId: 'D-1', at: '2026-03-10T09:00:00.000Z', exposure: 4_000, creditLimit: 10_000, openReceivables: 4_000, openOrderValue: 0, overdueAmount: 0 },
    { dealerId: 'D-1', at: '2026-03-25T09:00:00.000Z', exposure: 12_500, creditLimit: 10_000, openReceivables: 0, openOrderValue: 12_500, overdueAmount: 0 },
    { dealerId: 'D-2', at: '2026-03-01T00:00:00.000Z', exposure: 0, creditLimit: 50_000, openReceivables: 0, openOrderValue: 0, overdueAmount: 0 },
    { dealerId: 'D-2', at: '2026-03-28T10:00:00.000Z', exposure: 46_000, creditLimit: 50_000, openReceivables: 45_199.5, openOrderValue: 0, overdueAmount: 800.5 },
  ],
  positions: [
    { dealerId: 'D-1', sku: 'SKU-300', onHand: 30, inTransit: 0, onOrder: 0, avgDailySales: 0, daysOfCover: null, reorderPoint: 0, position: 30, suggestedOrderQty: 0 },
    { dealerId: 'D-1', sku: 'SKU-200', onHand: 6, inTransit: 0, onOrder: 0, avgDailySales: 2, daysOfCover: 3, reorderPoint: 20, position: 6, suggestedOrderQty: 34 },
    { dealerId: 'D-1', sku: 'SKU-100', onHand: 0, inTransit: 0, onOrder: 0, avgDailySales: 4, daysOfCover: 0, reorderPoint: 40, position: 0, suggestedOrderQty: 80 },
    { dealerId: 'D-2', sku: 'SKU-100', onHand: 12, inTransit: 10, onOrder: 0, avgDailySales: 2, daysOfCover: 11, reorderPoint: 24, position: 22, suggestedOrderQty: 10 },
  ],
  progress: [
    {
      dealerId: 'D-1',
      occurredAt: '2026-02-28T23:00:00.000Z',
      programId: 'VOL-2026',
      periodStart: '2026-02-01',
      periodEnd: '2026-02-28',
      volume: 9_000,
      qualifyingAmount: 90_000,
      tierIndex: 1,
      rate: 0.03,
      accruedAmount: 2_700,
      nextTier: null,
      causedBy: 'tick-0228',
    },
    {
      dealerId: 'D-1',
      occurredAt: '2026-04-01T10:00:00.000Z',
      programId: 'VOL-2026',
      periodStart: '2026-04-01',
      periodEnd: '2026-04-30',
      volume: 3_500,
      qualifyingAmount: 35_000,
      tierIndex: 0,
      rate: 0.02,
      accruedAmount: 700,
      nextTier: { threshold: 5_000, rate: 0.03, gap: 1_500 },
      causedBy: 'ord-7',
    },
  ],
  statements: [
    {
      dealerId: 'D-1',
      occurredAt: '2026-03-01T00:00:00.000Z',
      programId: 'VOL-2026',
      periodStart: '2026-02-01',
      periodEnd: '2026-02-28',
      volume: 9_000,
      qualifyingAmount: 90_000,
      tierIndex: 1,
      rate: 0.03,
      rebateAmount: 2_700,
      status: 'payable',
      withheldReason: null,
      settlement: { policy: 'offset', payableAmount: 2_200, offsetAmount: 500, offsets: [{ invoiceId: 'inv-3', amount: 500, daysPastDue: 12 }], withheldAmount: 0 },
      causedBy: 'tick-0301',
    },
    {
      dealerId: 'D-2',
      occurredAt: '2026-03-01T00:00:00.000Z',
      programId: 'VOL-2026',
      periodStart: '2026-02-01',
      periodEnd: '2026-02-28',
      volume: 2_100,
      qualifyingAmount: 21_000,
      tierIndex: 0,
      rate: 0.02,
      rebateAmount: 420,
      status: 'withheld',
      withheldReason: 'invoice inv-7 is 35 days past due',
      causedBy: 'tick-0301',
    },
  ],
  discounts: [
    {
      dealerId: 'D-2',
      occurredAt: '2026-03-20T11:00:00.000Z',
      invoiceId: 'inv-9',
      amount: 120,
      pct: 2,
      untilDate: '2026-03-25',
      causedBy: 'pay-9',
    },
  ],
  decisions: [
    {
      eventId: 'decision-1',
      dealerId: 'D-2',
      holdId: 'hold-D-2-1',
      decision: 'release',
      decidedBy: 'Fran',
      note: 'promised to pay Friday',
      overrideUntil: '2026-03-27',
      keepUntil: null,
      creditLimit: null,
      decidedAt: '2026-03-20T11:00:00.000Z',
      effectiveAt: '2026-03-20T11:00:00.000Z',
    },
    {
      eventId: 'decision-2',
      dealerId: 'D-1',
      holdId: 'hold-D-1-1',
      decision: 'keep',
      decidedBy: 'Fran',
      note: 'waiting for the March payment',
      overrideUntil: null,
      keepUntil: '2026-04-10',
      creditLimit: null,
      decidedAt: '2026-04-02T10:00:00.000Z',
      effectiveAt: '2026-04-02T10:00:00.000Z',
    },
  ],
  // D-1 owes 12 500 (2 000 of it 45 days past due), D-2 owes 600 not yet due, on 5 April.
  invoices: [
    { dealerId: 'D-1', today: '2026-04-05', invoiceId: 'inv-1', orderId: 'SO-1', issueDate: '2026-01-20', dueDate: '2026-02-19', amount: 2000, paid: 0, open: 2000, daysPastDue: 45, bucket: 'days31to60' },
    { dealerId: 'D-1', today: '2026-04-05', invoiceId: 'inv-4', orderId: null, issueDate: '2026-03-20', dueDate: '2026-04-19', amount: 11_000, paid: 500, open: 10_500, daysPastDue: -14, bucket: 'current' },
    { dealerId: 'D-2', today: '2026-04-05', invoiceId: 'inv-7', orderId: 'SO-7', issueDate: '2026-03-25', dueDate: '2026-04-24', amount: 600, paid: 0, open: 600, daysPastDue: -19, bucket: 'current' },
  ],
  asOf: '2026-04-05T00:00:00.000Z',
};
