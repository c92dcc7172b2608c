import { OUTPUT_TOPIC, type OutputEvent } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import { logLockCte } from './logLocks';
import { InvalidCursorError, type OutputPage, type OutputQuery, type OutputReader } from './ports';
import type { Executor } from './sqlExecutor';

/** Appends outputs in order in one statement, each as its exact NDJSON line. */
export async function insertOutputs(executor: Executor, outputs: readonly OutputEvent[]): Promise<void> {
  if (outputs.length === 0) return;
  await executor.$executeRawUnsafe(
    `${logLockCte('output_log')}
     INSERT INTO output_log (event_id, topic, type, dealer_id, occurred_at, line)
       SELECT e, t, ty, d, o::timestamptz, l
         FROM log_lock, unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS x(e, t, ty, d, o, l, ord)
        ORDER BY ord
     ON CONFLICT (event_id) DO NOTHING`,
    outputs.map((output) => output.eventId),
    outputs.map((output) => output.topic),
    outputs.map((output) => output.type),
    outputs.map((output) => output.dealerId ?? null),
    outputs.map((output) => output.occurredAt),
    outputs.map((output) => JSON.stringify(output)),
  );
}

const CURSOR_PATTERN = /^\d{1,19}$/;

/**
 * `"audience":"dealer"` as it stands in a notification's line (JSON.stringify, no spaces). Matched as
 * text rather than parsed: PostgreSQL's JSON parser refuses a whole line for one `\u0000` or lone
 * surrogate escape anywhere in it, which would fail the page. The match is exact: inside a JSON
 * string every `"` is escaped, so this text occurs only as a key `audience` with that value, and
 * the data of `notification.*` outputs holds no nested object that could carry another.
 */
function audienceNeedle(audience: string | undefined): string | null {
  return audience === undefined ? null : JSON.stringify({ audience }).slice(1, -1);
}

/** Reads the output log in publish order, a page at a time; the cursor is the last line's `seq`. */
export function createOutputReader(prisma: PrismaClient): OutputReader {
  return {
    async read(query: OutputQuery): Promise<OutputPage> {
      if (query.after !== undefined && !CURSOR_PATTERN.test(query.after)) {
        throw new InvalidCursorError(`after: "${query.after}" is not a cursor this server gave out`);
      }
      // The filters are in the query, so a filtered page is as full as `limit` allows.
      const rows = await prisma.$queryRawUnsafe<{ seq: bigint; line: string }[]>(
        `SELECT seq, line FROM output_log
          WHERE seq > $1::bigint
            AND ($2::text IS NULL OR topic = $2::text)
            AND ($3::text IS NULL OR dealer_id = $3::text)
            AND ($5::text[] IS NULL OR type = ANY($5::text[]))
            AND ($6::text IS NULL OR topic <> $7::text OR strpos(line, $6::text) > 0)
          ORDER BY seq
          LIMIT $4::int`,
        query.after ?? '0',
        query.topic ?? null,
        query.dealerId ?? null,
        query.limit,
        query.types === undefined ? null : [...query.types],
        audienceNeedle(query.notificationAudience),
        OUTPUT_TOPIC['notification.requested'],
      );
      const last = rows[rows.length - 1];
      return { lines: rows.map((row) => row.line), nextCursor: last ? String(last.seq) : null };
    },
  };
}
