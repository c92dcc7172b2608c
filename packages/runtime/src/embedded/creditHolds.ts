import { TOPICS, type OutputEvent } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import { toCents } from '@dealerflow/domain';
import { catchUpConsumer } from '../ports/catchUpConsumer';
import type { OutputSource } from '../ports/outputSource';
import type { SourceBatch } from '../ports/sourceConsumer';
import { createLogOutputSource } from './logSources';
import type { CreditHold, CreditHoldReader } from './ports';
import type { Executor } from './sqlExecutor';

/** The consumer name of the credit-hold list on the output source. */
export const CREDIT_HOLDS_CONSUMER = 'credit-holds';

const HOLD_TYPES = ['credit.hold.placed', 'credit.review.requested', 'credit.hold.released'] as const;

/**
 * Credit holds as the credit topic tells them, kept in `credit_hold_view` by its own consumer of the
 * output source and caught up at every read: finance sees every hold the runner committed before
 * the request. The topic is small (a few outputs per hold), so catching up costs little.
 */
export function createCreditHoldReader(prisma: PrismaClient, outputs: OutputSource = createLogOutputSource(prisma)): CreditHoldReader {
  const consumer = outputs.consumer({ name: CREDIT_HOLDS_CONSUMER, topics: [TOPICS.credit], types: HOLD_TYPES });
  const catchUp = catchUpConsumer(consumer, (batch) => prisma.$transaction((tx) => applyHoldBatch(tx, batch)));

  /** In order of placement, publish order among holds placed at the same instant. */
  async function read(filter: { dealerId?: string; holdId?: string; status?: CreditHold['status'] }): Promise<CreditHold[]> {
    await catchUp();
    const rows = await prisma.$queryRawUnsafe<{ item: string }[]>(
      `SELECT item FROM credit_hold_view
        WHERE ($1::text IS NULL OR dealer_id = $1::text) AND ($2::text IS NULL OR hold_id = $2::text) AND ($3::text IS NULL OR status = $3::text)
        ORDER BY placed_at, placed_offset`,
      filter.dealerId ?? null,
      filter.holdId ?? null,
      filter.status ?? null,
    );
    return rows.map((row) => JSON.parse(row.item) as CreditHold);
  }

  return {
    async list(query) {
      const dealer = query.dealerId === undefined ? {} : { dealerId: query.dealerId };
      return query.status === 'active' ? sortByUrgency(await read({ ...dealer, status: 'active' })) : sortByPlacement(await read(dealer));
    },
    async get(holdId) {
      return (await read({ holdId }))[0];
    },
  };
}

/** Folds a batch into the holds it names (loaded first) and writes them back; a batch applied twice changes nothing. */
async function applyHoldBatch(tx: Executor, batch: SourceBatch<OutputEvent>): Promise<void> {
  const holdIds = [...new Set(batch.records.map(({ event }) => (event.data as { holdId: string }).holdId))];
  const rows = await tx.$queryRawUnsafe<{ hold_id: string; item: string; placed_offset: bigint }[]>(
    `SELECT hold_id, item, placed_offset FROM credit_hold_view WHERE hold_id = ANY($1::text[])`,
    holdIds,
  );
  const holds = new Map(rows.map((row) => [row.hold_id, JSON.parse(row.item) as CreditHold]));
  const placedOffsets = new Map(rows.map((row) => [row.hold_id, row.placed_offset]));
  for (const { event, offset } of batch.records) {
    if (applyCreditOutput(holds, event) && event.type === 'credit.hold.placed') placedOffsets.set(event.data.holdId, offset);
  }
  const changed = holdIds.flatMap((holdId) => {
    const hold = holds.get(holdId);
    return hold ? [{ hold, offset: placedOffsets.get(holdId)! }] : [];
  });
  if (changed.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO credit_hold_view (hold_id, dealer_id, status, placed_at, placed_offset, item, updated_at)
       SELECT h, d, s, p::timestamptz, o::bigint, i, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(h, d, s, p, o, i)
     ON CONFLICT (hold_id) DO UPDATE SET status = EXCLUDED.status, item = EXCLUDED.item, updated_at = EXCLUDED.updated_at`,
    changed.map(({ hold }) => hold.holdId),
    changed.map(({ hold }) => hold.dealerId),
    changed.map(({ hold }) => hold.status),
    changed.map(({ hold }) => hold.placedAt),
    changed.map(({ offset }) => String(offset)),
    changed.map(({ hold }) => JSON.stringify(hold)),
  );
}

/**
 * Folds credit outputs, in publish order, into holds (in order of placement). A review or release
 * whose placement is not among the outputs is ignored: there is no figure to show for it.
 */
export function foldCreditHolds(outputs: readonly OutputEvent[]): CreditHold[] {
  const holds = new Map<string, CreditHold>();
  for (const output of outputs) applyCreditOutput(holds, output);
  return [...holds.values()];
}

/**
 * Applies one credit output to the holds it concerns; true when it changed them. A placement seen
 * again, or a second release, changes nothing, so outputs read twice fold to the same holds.
 */
export function applyCreditOutput(holds: Map<string, CreditHold>, output: OutputEvent): boolean {
  if (output.type === 'credit.hold.placed') {
    if (holds.has(output.data.holdId)) return false;
    holds.set(output.data.holdId, {
      ...output.data,
      dealerId: output.dealerId ?? '',
      status: 'active',
      placedAt: output.occurredAt,
      review: null,
      release: null,
    });
    return true;
  }
  if (output.type === 'credit.review.requested') {
    const hold = holds.get(output.data.holdId);
    if (!hold) return false;
    // A review logged before the score existed has none.
    hold.review = { paymentBehaviour: output.data.paymentBehaviour, suggestedAction: output.data.suggestedAction, score: output.data.score ?? null };
    return true;
  }
  if (output.type === 'credit.hold.released') {
    const hold = holds.get(output.data.holdId);
    if (!hold || hold.release) return false;
    const { releasedBy, reason, overrideUntil, causedBy } = output.data;
    hold.status = 'released';
    hold.release = { releasedBy, reason, overrideUntil: overrideUntil ?? null, causedBy, releasedAt: output.occurredAt };
    return true;
  }
  return false;
}

/** Finance works the oldest debt first, then the largest overrun; the longest waiting breaks ties. */
export function sortByUrgency(holds: readonly CreditHold[]): CreditHold[] {
  const excess = (hold: CreditHold) => toCents(hold.exposure) - toCents(hold.creditLimit);
  return [...holds].sort(
    (a, b) =>
      b.maxDaysPastDue - a.maxDaysPastDue ||
      excess(b) - excess(a) ||
      Date.parse(a.placedAt) - Date.parse(b.placedAt) ||
      a.holdId.localeCompare(b.holdId),
  );
}

/** By placement time; holds placed at the same instant keep publish order (the sort is stable). */
export function sortByPlacement(holds: readonly CreditHold[]): CreditHold[] {
  return [...holds].sort((a, b) => Date.parse(a.placedAt) - Date.parse(b.placedAt));
}
