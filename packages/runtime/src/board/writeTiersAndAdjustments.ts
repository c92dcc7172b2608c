import type { Executor } from '../embedded/sqlExecutor';
import type { TierAndAdjustmentChanges } from './foldTiersAndAdjustments';

/**
 * Writes a batch's tier suggestions, acceptances and rebate adjustments, a statement each. Writing a
 * batch twice changes nothing: a suggestion replaces the dealer's only when its position is later,
 * the accepted month only grows, adjustments are unique by eventId.
 */
export async function writeTiersAndAdjustments(tx: Executor, changes: TierAndAdjustmentChanges): Promise<void> {
  await writeSuggestions(tx, changes);
  await writeAcceptances(tx, changes);
  await writeAdjustments(tx, changes);
}

async function writeSuggestions(tx: Executor, changes: TierAndAdjustmentChanges): Promise<void> {
  const rows = [...changes.tierSuggestions.values()];
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO board_tier_suggestion (dealer_id, month, suggested_tier, occurred_at, output_seq, item)
       SELECT d, m, t, o::timestamptz, s::bigint, i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(d, m, t, o, s, i)
     ON CONFLICT (dealer_id) DO UPDATE SET month = EXCLUDED.month, suggested_tier = EXCLUDED.suggested_tier,
       occurred_at = EXCLUDED.occurred_at, output_seq = EXCLUDED.output_seq, item = EXCLUDED.item
     WHERE board_tier_suggestion.output_seq IS NULL OR board_tier_suggestion.output_seq < EXCLUDED.output_seq`,
    rows.map((row) => row.dealerId),
    rows.map((row) => row.month),
    rows.map((row) => row.suggestedTier),
    rows.map((row) => row.occurredAt),
    rows.map((row) => String(row.outputSeq)),
    rows.map((row) => JSON.stringify(row.item)),
  );
}

async function writeAcceptances(tx: Executor, changes: TierAndAdjustmentChanges): Promise<void> {
  const rows = [...changes.tierAcceptances];
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO board_tier_suggestion (dealer_id, accepted_month)
       SELECT d, m FROM unnest($1::text[], $2::text[]) AS x(d, m)
     ON CONFLICT (dealer_id) DO UPDATE SET accepted_month = GREATEST(board_tier_suggestion.accepted_month, EXCLUDED.accepted_month)`,
    rows.map(([dealerId]) => dealerId),
    rows.map(([, month]) => month),
  );
}

async function writeAdjustments(tx: Executor, changes: TierAndAdjustmentChanges): Promise<void> {
  const rows = changes.rebateAdjustments;
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO board_rebate_adjustment (event_id, dealer_id, occurred_at, output_seq, item)
       SELECT e, d, t::timestamptz, s::bigint, i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) AS x(e, d, t, s, i)
     ON CONFLICT (event_id) DO NOTHING`,
    rows.map((row) => row.eventId),
    rows.map((row) => row.dealerId),
    rows.map((row) => row.occurredAt),
    rows.map((row) => String(row.outputSeq)),
    rows.map((row) => JSON.stringify(row.item)),
  );
}
