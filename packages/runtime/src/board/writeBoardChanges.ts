import type { Executor } from '../embedded/sqlExecutor';
import type { BoardChanges } from './foldBoardBatch';
import { writeTiersAndAdjustments } from './writeTiersAndAdjustments';

/**
 * Writes one batch's changes: a statement per table, however many rows (never one per event).
 * Every write is an upsert keyed by what it describes, and the "latest" tables only take a row of a
 * later position than theirs, so writing a batch twice changes nothing (the sources deliver at least
 * once; the projector commits its positions after this).
 */
export async function writeBoardChanges(tx: Executor, changes: BoardChanges): Promise<void> {
  await writeProfiles(tx, changes);
  await writeCredit(tx, changes);
  await writeAlerts(tx, changes);
  await writeDeliveries(tx, changes);
  await writeAccruals(tx, changes);
  await writeLoggedItems(tx, changes);
  await writeTiersAndAdjustments(tx, changes);
  await recount(tx, [...changes.recount]);
}

async function writeProfiles(tx: Executor, changes: BoardChanges): Promise<void> {
  const rows = [...changes.profiles.values()];
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO board_dealer (dealer_id, name, tier, region, locale, credit_limit, tier_rank, updated_at)
       SELECT d, n, t, r, l, c, CASE WHEN t = 'A' THEN 0 ELSE 1 END, now()
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[]) AS x(d, n, t, r, l, c)
     ON CONFLICT (dealer_id) DO UPDATE SET name = EXCLUDED.name, tier = EXCLUDED.tier, region = EXCLUDED.region,
       locale = EXCLUDED.locale, credit_limit = EXCLUDED.credit_limit, tier_rank = EXCLUDED.tier_rank, updated_at = EXCLUDED.updated_at`,
    rows.map((row) => row.dealerId),
    rows.map((row) => row.name),
    rows.map((row) => row.tier),
    rows.map((row) => row.region),
    rows.map((row) => row.locale),
    rows.map((row) => row.creditLimit),
  );
}

async function writeCredit(tx: Executor, changes: BoardChanges): Promise<void> {
  const rows = [...changes.credit];
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO board_dealer (dealer_id, credit_status, hold_id, exposure, updated_at)
       SELECT d, s, h, e, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[]) AS x(d, s, h, e)
     ON CONFLICT (dealer_id) DO UPDATE SET credit_status = EXCLUDED.credit_status, hold_id = EXCLUDED.hold_id,
       exposure = EXCLUDED.exposure, updated_at = EXCLUDED.updated_at`,
    rows.map(([dealerId]) => dealerId),
    rows.map(([, credit]) => credit.status),
    rows.map(([, credit]) => credit.holdId),
    rows.map(([, credit]) => credit.exposure),
  );
}

async function writeAlerts(tx: Executor, changes: BoardChanges): Promise<void> {
  const resolved: string[] = [];
  const raised = [];
  for (const [alertId, row] of changes.alerts) {
    if (row) raised.push(row);
    else resolved.push(alertId);
  }
  if (resolved.length > 0) await tx.$executeRawUnsafe(`DELETE FROM board_stock_alert WHERE alert_id = ANY($1::text[])`, resolved);
  if (raised.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO board_stock_alert (alert_id, dealer_id, severity_rank, raised_at, output_seq, item)
       SELECT a, d, r, t::timestamptz, s::bigint, i FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::text[]) AS x(a, d, r, t, s, i)
     ON CONFLICT (alert_id) DO UPDATE SET severity_rank = EXCLUDED.severity_rank, raised_at = EXCLUDED.raised_at,
       output_seq = EXCLUDED.output_seq, item = EXCLUDED.item
     WHERE board_stock_alert.output_seq < EXCLUDED.output_seq`,
    raised.map((row) => row.alertId),
    raised.map((row) => row.dealerId),
    raised.map((row) => row.severityRank),
    raised.map((row) => row.raisedAt),
    raised.map((row) => String(row.outputSeq)),
    raised.map((row) => JSON.stringify(row.item)),
  );
}

async function writeDeliveries(tx: Executor, changes: BoardChanges): Promise<void> {
  const rows = [...changes.deliveries.values()];
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO board_delivery (dealer_id, order_id, is_open, occurred_at, output_seq, item)
       SELECT d, o, op, t::timestamptz, s::bigint, i FROM unnest($1::text[], $2::text[], $3::boolean[], $4::text[], $5::text[], $6::text[]) AS x(d, o, op, t, s, i)
     ON CONFLICT (dealer_id, order_id) DO UPDATE SET is_open = EXCLUDED.is_open, occurred_at = EXCLUDED.occurred_at,
       output_seq = EXCLUDED.output_seq, item = EXCLUDED.item
     WHERE board_delivery.output_seq < EXCLUDED.output_seq`,
    rows.map((row) => row.dealerId),
    rows.map((row) => row.orderId),
    rows.map((row) => row.isOpen),
    rows.map((row) => row.occurredAt),
    rows.map((row) => String(row.outputSeq)),
    rows.map((row) => JSON.stringify(row.item)),
  );
}

async function writeAccruals(tx: Executor, changes: BoardChanges): Promise<void> {
  const rows = [...changes.accruals.values()];
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO board_rebate_accrual (dealer_id, program_id, period_start, order_id, output_seq, item)
       SELECT d, p, ps, o, s::bigint, i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(d, p, ps, o, s, i)
     ON CONFLICT (dealer_id, program_id, period_start, order_id) DO UPDATE SET output_seq = EXCLUDED.output_seq, item = EXCLUDED.item
     WHERE board_rebate_accrual.output_seq < EXCLUDED.output_seq`,
    rows.map((row) => row.dealerId),
    rows.map((row) => row.programId),
    rows.map((row) => row.periodStart),
    rows.map((row) => row.orderId),
    rows.map((row) => String(row.outputSeq)),
    rows.map((row) => JSON.stringify(row.item)),
  );
}

async function writeLoggedItems(tx: Executor, changes: BoardChanges): Promise<void> {
  const statements = changes.statements;
  if (statements.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO board_rebate_statement (event_id, dealer_id, status, occurred_at, output_seq, item)
         SELECT e, d, st, t::timestamptz, s::bigint, i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(e, d, st, t, s, i)
       ON CONFLICT (event_id) DO NOTHING`,
      statements.map((row) => row.eventId),
      statements.map((row) => row.dealerId),
      statements.map((row) => row.item.status),
      statements.map((row) => row.occurredAt),
      statements.map((row) => String(row.outputSeq)),
      statements.map((row) => JSON.stringify(row.item)),
    );
  }
  const discounts = changes.cashDiscounts;
  if (discounts.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO board_cash_discount (event_id, dealer_id, occurred_at, output_seq, item)
         SELECT e, d, t::timestamptz, s::bigint, i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(e, d, t, s, i)
       ON CONFLICT (event_id) DO NOTHING`,
      discounts.map((row) => row.eventId),
      discounts.map((row) => row.dealerId),
      discounts.map((row) => row.occurredAt),
      discounts.map((row) => String(row.outputSeq)),
      discounts.map((row) => JSON.stringify(row.item)),
    );
  }
  const decisions = changes.decisions;
  if (decisions.length > 0) {
    await tx.$executeRawUnsafe(
      `INSERT INTO board_credit_decision (event_id, dealer_id, hold_id, decided_at, input_seq, item)
         SELECT e, d, h, t::timestamptz, s::bigint, i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(e, d, h, t, s, i)
       ON CONFLICT (event_id) DO NOTHING`,
      decisions.map((row) => row.eventId),
      decisions.map((row) => row.dealerId),
      decisions.map((row) => row.holdId),
      decisions.map((row) => row.decidedAt),
      decisions.map((row) => String(row.inputSeq)),
      decisions.map((row) => JSON.stringify(row.item)),
    );
  }
}

/** Counts the dealers' open alerts by severity and open late deliveries again, from the tables just written. */
async function recount(tx: Executor, dealerIds: string[]): Promise<void> {
  if (dealerIds.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO board_dealer (dealer_id, open_critical, open_high, open_medium, open_low, late_deliveries, updated_at)
       SELECT d.dealer_id,
              count(*) FILTER (WHERE a.severity_rank = 0),
              count(*) FILTER (WHERE a.severity_rank = 1),
              count(*) FILTER (WHERE a.severity_rank = 2),
              count(*) FILTER (WHERE a.severity_rank = 3),
              (SELECT count(*) FROM board_delivery l WHERE l.dealer_id = d.dealer_id AND l.is_open),
              now()
         FROM unnest($1::text[]) AS d(dealer_id)
         LEFT JOIN board_stock_alert a ON a.dealer_id = d.dealer_id
        GROUP BY d.dealer_id
     ON CONFLICT (dealer_id) DO UPDATE SET open_critical = EXCLUDED.open_critical, open_high = EXCLUDED.open_high,
       open_medium = EXCLUDED.open_medium, open_low = EXCLUDED.open_low, late_deliveries = EXCLUDED.late_deliveries,
       updated_at = EXCLUDED.updated_at`,
    dealerIds,
  );
}
