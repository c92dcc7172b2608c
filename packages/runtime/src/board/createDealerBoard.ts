import type { PrismaClient } from '@dealerflow/db';
import { defaultStockPolicy, type StockPolicy } from '@dealerflow/domain';
import type {
  CashDiscount,
  CreditDecisionRecord,
  DealerBoard,
  DealerListQuery,
  DealerTierSuggestion,
  DealerSummary,
  DeliveryExplanation,
  OpenStockAlert,
  Page,
  RebateProgress,
  RebateAdjustment,
  RebateStatement,
  StockSeverity,
  TierSuggestion,
} from '../embedded/boardPorts';
import { createDealerDirectory } from '../embedded/dealerDirectory';
import { createLogDealerHistory } from '../embedded/logDealerHistory';
import type { DealerHistory } from '../ports/dealerHistory';
import type { Directory } from '../ports/directory';
import type { WorkerStateView } from '../ports/workerStateView';
import { decodeCursor, encodeCursor } from './boardCursor';
import { readAgeing, readOpenInvoices } from './creditLedgers';
import { readExposureHistory, readStockPositions } from './dealerCharts';
import { SEVERITY_RANK } from './foldBoardBatch';

export interface DealerBoardOptions {
  /** The workers' current states (stock positions, ageing, open invoices): the runner's memory or a fold of the log. */
  workerStates: WorkerStateView;
  /** The stock worker's policy (stock positions are read with the settings the alerts use); defaults when unset. */
  stockPolicy?: StockPolicy;
  /** Profiles and pack sizes for the stock positions (default: the directory in `prisma`'s database). */
  directory?: Directory;
  /** The timeline and the exposure chart (default: the logs in `prisma`'s database). */
  history?: DealerHistory;
  /** The company's time zone (settings' `calendar.timeZone`): the day of a dealer whose master data names none; UTC when unset. */
  companyTimeZone?: string;
}

interface DealerRow {
  dealer_id: string;
  name: string;
  tier: DealerSummary['tier'];
  region: string;
  locale: DealerSummary['locale'];
  credit_limit: number;
  tier_rank: number;
  open_critical: number;
  open_high: number;
  open_medium: number;
  open_low: number;
  late_deliveries: number;
  credit_status: DealerSummary['credit']['status'];
  hold_id: string | null;
  exposure: number | null;
}

interface ItemRow {
  item: string;
}

/** A newest-first list's rows: its item, and the sort key the cursor carries. */
interface NewestRow extends ItemRow {
  at: Date;
  seq: bigint;
}

/**
 * Where a dealer's latest suggestion (`s`, board_tier_suggestion joined to its board_dealer `d`) stands. Open: not
 * accepted for its month or a later one, and master data does not carry the class yet.
 */
const SUGGESTION_STATUS = `CASE WHEN s.accepted_month >= s.month THEN 'accepted' WHEN d.tier = s.suggested_tier THEN 'in_master_data' ELSE 'open' END`;

const DEALER_COLUMNS = `dealer_id, name, tier, region, locale, credit_limit, tier_rank, open_critical, open_high, open_medium,
  open_low, late_deliveries, credit_status, hold_id, exposure`;

/**
 * The dashboards' reader over the board_* read models (kept by the board projector); the timeline and
 * the exposure chart come through the dealer history port, the stock positions and the credit
 * ledgers from the worker state view and the directory. Every filter and order is done by the database on an index;
 * pages are keyset pages (the cursor holds the last sort key), so a page costs the same on the first
 * and the thousandth dealer. Unknown cursors throw InvalidCursorError (the API answers 400).
 */
export function createDealerBoard(prisma: PrismaClient, options: DealerBoardOptions): DealerBoard {
  const stockPolicy = options.stockPolicy ?? defaultStockPolicy;
  const directory = options.directory ?? createDealerDirectory(prisma);
  const history = options.history ?? createLogDealerHistory(prisma);

  /** Runs a newest-first page query (`$1`, `$2` are the cursor's instant and seq, `$3` the limit + 1). */
  async function newestFirst<T>(sql: string, params: unknown[], query: { limit: number; after?: string }): Promise<Page<T>> {
    const [at, seq] = query.after === undefined ? ['infinity', '9223372036854775807'] : (decodeCursor(query.after, 'tq') as [string, string]);
    const rows = await prisma.$queryRawUnsafe<NewestRow[]>(sql, at, seq, query.limit + 1, ...params);
    return parsedPage<T, NewestRow>(rows, query.limit, (row) => [row.at.toISOString(), String(row.seq)]);
  }

  /** Every item of a list kept whole (one row per output, by eventId), of one dealer or all, newest first. */
  function newestOfDealer<T>(table: 'board_cash_discount' | 'board_rebate_adjustment', query: { dealerId?: string; limit: number; after?: string }): Promise<Page<T>> {
    return newestFirst<T>(
      `SELECT occurred_at AS at, output_seq AS seq, item FROM ${table}
        WHERE ($4::text IS NULL OR dealer_id = $4::text)
          AND (occurred_at, output_seq) < ($1::timestamptz, $2::bigint)
        ORDER BY occurred_at DESC, output_seq DESC LIMIT $3::int`,
      [query.dealerId ?? null],
      query,
    );
  }

  return {
    async regions() {
      const rows = await prisma.$queryRawUnsafe<{ region: string }[]>(
        `SELECT DISTINCT region FROM board_dealer WHERE region IS NOT NULL ORDER BY region`,
      );
      return rows.map((row) => row.region);
    },

    async listDealers(query: DealerListQuery) {
      const filter = dealerFilter(query);
      const [rank, negCritical, negHigh, dealerId] =
        query.after === undefined ? [-1, 0, 0, ''] : (decodeCursor(query.after, 'nnns') as [number, number, number, string]);
      const n = filter.params.length;
      const [rows, counted] = await Promise.all([
        prisma.$queryRawUnsafe<DealerRow[]>(
          `SELECT ${DEALER_COLUMNS} FROM board_dealer WHERE ${filter.sql}
             AND (tier_rank, -open_critical, -open_high, dealer_id) > ($${n + 1}::int, $${n + 2}::int, $${n + 3}::int, $${n + 4}::text)
           ORDER BY tier_rank, open_critical DESC, open_high DESC, dealer_id
           LIMIT $${n + 5}::int`,
          ...filter.params,
          rank,
          negCritical,
          negHigh,
          dealerId,
          query.limit + 1,
        ),
        prisma.$queryRawUnsafe<{ total: bigint }[]>(`SELECT count(*) AS total FROM board_dealer WHERE ${filter.sql}`, ...filter.params),
      ]);
      const page = pageOf(rows, query.limit, (row) => [row.tier_rank, -row.open_critical, -row.open_high, row.dealer_id]);
      return { items: page.items.map(toSummary), nextCursor: page.nextCursor, total: Number(counted[0]?.total ?? 0) };
    },

    async dealer(dealerId) {
      const rows = await prisma.$queryRawUnsafe<DealerRow[]>(
        `SELECT ${DEALER_COLUMNS} FROM board_dealer WHERE dealer_id = $1 AND name IS NOT NULL`,
        dealerId,
      );
      return rows[0] ? toSummary(rows[0]) : undefined;
    },

    async openAlerts(query) {
      const [rank, at, alertId] = query.after === undefined ? [-1, 'infinity', ''] : (decodeCursor(query.after, 'nts') as [number, string, string]);
      const rows = await prisma.$queryRawUnsafe<(ItemRow & { severity_rank: number; raised_at: Date; alert_id: string })[]>(
        `SELECT severity_rank, raised_at, alert_id, item FROM board_stock_alert
          WHERE ($1::text IS NULL OR dealer_id = $1::text) AND severity_rank <= $2::int
            AND (severity_rank > $3::int OR (severity_rank = $3::int AND (raised_at < $4::timestamptz OR (raised_at = $4::timestamptz AND alert_id > $5::text))))
          ORDER BY severity_rank, raised_at DESC, alert_id
          LIMIT $6::int`,
        query.dealerId ?? null,
        severityRank(query.minSeverity),
        rank,
        at,
        alertId,
        query.limit + 1,
      );
      return parsedPage<OpenStockAlert, (typeof rows)[number]>(rows, query.limit, (row) => [row.severity_rank, row.raised_at.toISOString(), row.alert_id]);
    },

    deliveries(query) {
      return newestFirst<DeliveryExplanation>(
        `SELECT occurred_at AS at, output_seq AS seq, item FROM board_delivery
          WHERE ($4::text IS NULL OR dealer_id = $4::text) AND ($5::boolean IS NULL OR is_open = $5::boolean)
            AND (occurred_at, output_seq) < ($1::timestamptz, $2::bigint)
          ORDER BY occurred_at DESC, output_seq DESC LIMIT $3::int`,
        [query.dealerId ?? null, query.open ?? null],
        query,
      );
    },

    timeline: (query) => history.timeline(query),

    exposureHistory: (dealerId, limit) => readExposureHistory(history, dealerId, limit, options.companyTimeZone),

    stockPositions: (dealerId) => readStockPositions(options.workerStates, directory, stockPolicy, dealerId),

    ageing: () => readAgeing(options.workerStates, directory, options.companyTimeZone),

    openInvoices: (dealerId) => readOpenInvoices(options.workerStates, directory, dealerId, options.companyTimeZone),

    async rebateProgress(dealerId) {
      const rows = await prisma.$queryRawUnsafe<ItemRow[]>(
        `SELECT item FROM board_rebate_accrual WHERE dealer_id = $1 ORDER BY period_start DESC, program_id, order_id`,
        dealerId,
      );
      return rows.map((row) => JSON.parse(row.item) as RebateProgress);
    },

    rebateStatements(query) {
      return newestFirst<RebateStatement>(
        `SELECT occurred_at AS at, output_seq AS seq, item FROM board_rebate_statement
          WHERE ($4::text IS NULL OR dealer_id = $4::text) AND ($5::text IS NULL OR status = $5::text)
            AND (occurred_at, output_seq) < ($1::timestamptz, $2::bigint)
          ORDER BY occurred_at DESC, output_seq DESC LIMIT $3::int`,
        [query.dealerId ?? null, query.status ?? null],
        query,
      );
    },

    cashDiscounts: (query) => newestOfDealer<CashDiscount>('board_cash_discount', query),

    rebateAdjustments: (query) => newestOfDealer<RebateAdjustment>('board_rebate_adjustment', query),

    tierSuggestions(query) {
      return newestFirst<TierSuggestion>(
        `SELECT s.occurred_at AS at, s.output_seq AS seq, s.item FROM board_tier_suggestion s
           LEFT JOIN board_dealer d ON d.dealer_id = s.dealer_id
          WHERE s.item IS NOT NULL AND ${SUGGESTION_STATUS} = 'open'
            AND ($4::text IS NULL OR s.dealer_id = $4::text)
            AND (s.occurred_at, s.output_seq) < ($1::timestamptz, $2::bigint)
          ORDER BY s.occurred_at DESC, s.output_seq DESC LIMIT $3::int`,
        [query.dealerId ?? null],
        query,
      );
    },

    async latestTierSuggestion(dealerId) {
      const rows = await prisma.$queryRawUnsafe<(ItemRow & { status: DealerTierSuggestion['status'] })[]>(
        `SELECT s.item, ${SUGGESTION_STATUS} AS status FROM board_tier_suggestion s
           LEFT JOIN board_dealer d ON d.dealer_id = s.dealer_id
          WHERE s.dealer_id = $1 AND s.item IS NOT NULL`,
        dealerId,
      );
      const row = rows[0];
      return row && { ...(JSON.parse(row.item) as TierSuggestion), status: row.status };
    },

    creditDecisions(query) {
      return newestFirst<CreditDecisionRecord>(
        `SELECT decided_at AS at, input_seq AS seq, item FROM board_credit_decision
          WHERE ($4::text IS NULL OR dealer_id = $4::text) AND ($5::text IS NULL OR hold_id = $5::text)
            AND (decided_at, input_seq) < ($1::timestamptz, $2::bigint)
          ORDER BY decided_at DESC, input_seq DESC LIMIT $3::int`,
        [query.dealerId ?? null, query.holdId ?? null],
        query,
      );
    },
  };
}

/** The list's filters as SQL over board_dealer (`$1`…`$5`); only dealers with a profile are listed. */
function dealerFilter(query: DealerListQuery): { sql: string; params: unknown[] } {
  const search = query.search?.trim();
  return {
    sql: `name IS NOT NULL
      AND ($1::text IS NULL OR region = $1::text)
      AND ($2::text IS NULL OR tier = $2::text)
      AND ($3::text IS NULL OR dealer_id ILIKE $3::text OR name ILIKE $3::text)
      AND ($4::int IS NULL OR (open_critical > 0 AND $4::int >= 0) OR (open_high > 0 AND $4::int >= 1)
           OR (open_medium > 0 AND $4::int >= 2) OR (open_low > 0 AND $4::int >= 3))
      AND ($5::boolean IS NULL OR credit_status = 'on_hold')`,
    params: [
      query.region ?? null,
      query.tier ?? null,
      search ? `%${search.replace(/[\\%_]/g, (char) => `\\${char}`)}%` : null,
      query.minSeverity === undefined ? null : SEVERITY_RANK[query.minSeverity],
      query.onHold === true ? true : null,
    ],
  };
}

/** Alerts of this severity or worse (all when unset). */
function severityRank(minSeverity: StockSeverity | undefined): number {
  return minSeverity === undefined ? SEVERITY_RANK.low : SEVERITY_RANK[minSeverity];
}

function toSummary(row: DealerRow): DealerSummary {
  return {
    dealerId: row.dealer_id,
    name: row.name,
    tier: row.tier,
    region: row.region,
    locale: row.locale,
    openAlerts: { critical: row.open_critical, high: row.open_high, medium: row.open_medium, low: row.open_low },
    lateDeliveries: row.late_deliveries,
    credit: { status: row.credit_status, holdId: row.hold_id, exposure: row.exposure, creditLimit: row.credit_limit },
  };
}

/** A page of `limit` rows read with one extra: the extra says whether a next page exists. */
function pageOf<R>(rows: R[], limit: number, keyOf: (row: R) => (string | number)[]): { items: R[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

function parsedPage<T, R extends ItemRow>(rows: R[], limit: number, keyOf: (row: R) => (string | number)[]): Page<T> {
  const page = pageOf(rows, limit, keyOf);
  return { items: page.items.map((row) => JSON.parse(row.item) as T), nextCursor: page.nextCursor };
}
