import { OUTPUT_TOPIC, type OutputEvent } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import { toCents } from '@dealerflow/domain';
import type { CreditHold, CreditHoldReader } from './ports';

const HOLD_TYPES = ['credit.hold.placed', 'credit.review.requested', 'credit.hold.released'] as const;

/**
 * Credit holds read from the output log: the credit topic is small (a few outputs per hold), so it
 * is folded on every request rather than kept in a table of its own that could drift from the log.
 */
export function createCreditHoldReader(prisma: PrismaClient): CreditHoldReader {
  async function read(filter: { dealerId?: string; holdId?: string }): Promise<OutputEvent[]> {
    const rows = await prisma.$queryRawUnsafe<{ line: string }[]>(
      `SELECT line FROM output_log
        WHERE topic = $1::text
          AND type = ANY($2::text[])
          AND ($3::text IS NULL OR dealer_id = $3::text)
          AND ($4::text IS NULL OR (line::json -> 'data' ->> 'holdId') = $4::text)
        ORDER BY seq`,
      OUTPUT_TOPIC['credit.hold.placed'],
      [...HOLD_TYPES],
      filter.dealerId ?? null,
      filter.holdId ?? null,
    );
    return rows.map((row) => JSON.parse(row.line) as OutputEvent);
  }

  return {
    async list(query) {
      const holds = foldCreditHolds(await read(query.dealerId === undefined ? {} : { dealerId: query.dealerId }));
      return query.status === 'active' ? sortByUrgency(holds.filter((hold) => hold.status === 'active')) : sortByPlacement(holds);
    },
    async get(holdId) {
      return foldCreditHolds(await read({ holdId })).find((hold) => hold.holdId === holdId);
    },
  };
}

/**
 * Folds credit outputs, in publish order, into holds (in order of placement). A review or release
 * whose placement is not among the outputs is ignored: there is no figure to show for it.
 */
export function foldCreditHolds(outputs: readonly OutputEvent[]): CreditHold[] {
  const holds = new Map<string, CreditHold>();
  for (const output of outputs) {
    if (output.type === 'credit.hold.placed') {
      if (holds.has(output.data.holdId)) continue;
      holds.set(output.data.holdId, {
        ...output.data,
        dealerId: output.dealerId ?? '',
        status: 'active',
        placedAt: output.occurredAt,
        review: null,
        release: null,
      });
    } else if (output.type === 'credit.review.requested') {
      const hold = holds.get(output.data.holdId);
      if (hold) hold.review = { paymentBehaviour: output.data.paymentBehaviour, suggestedAction: output.data.suggestedAction };
    } else if (output.type === 'credit.hold.released') {
      const hold = holds.get(output.data.holdId);
      if (!hold || hold.release) continue;
      const { releasedBy, reason, overrideUntil, causedBy } = output.data;
      hold.status = 'released';
      hold.release = { releasedBy, reason, overrideUntil: overrideUntil ?? null, causedBy, releasedAt: output.occurredAt };
    }
  }
  return [...holds.values()];
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
