import type { InputEvent, InputType } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import { decodeCursor, encodeCursor } from '../board/boardCursor';
import type { DealerHistory, TimelineQuery } from '../ports/dealerHistory';
import type { Page, TimelineEntry } from './boardPorts';
import { InvalidCursorError } from './ports';

const INPUT = 0;
const OUTPUT = 1;
const MAX_SEQ = '9223372036854775807';

interface TimelineRow {
  kind: number;
  seq: bigint;
  occurred_at: Date;
  topic: string;
  text: string;
}

/** Where a page starts: an instant, then inputs before outputs, then log position. */
interface Position {
  at: string;
  kind: number;
  seq: string;
}

/** The dealer history port over the embedded runtime's logs (`input_log`, `output_log`), PGlite or PostgreSQL. */
export function createLogDealerHistory(prisma: PrismaClient): DealerHistory {
  return {
    timeline: (query) => readTimeline(prisma, query),
    async inputs<T extends InputType>(dealerId: string, types: readonly T[]) {
      const rows = await prisma.$queryRawUnsafe<{ body: string }[]>(
        `SELECT body FROM input_log WHERE dealer_id = $1 AND type = ANY($2::text[]) ORDER BY seq`,
        dealerId,
        [...types],
      );
      return rows.map((row) => JSON.parse(row.body) as Extract<InputEvent, { type: T }>);
    },
  };
}

/**
 * One dealer's inputs and outputs merged in event time: by `occurredAt`, then inputs before outputs
 * (what the system was told comes before what it concluded at the same instant), then log order.
 * Each log is read as one range of its (dealer_id, occurred_at, seq) index from the cursor on, and
 * the two ranges merged; `before` reads backwards the same way (`before: 'end'`: the newest page).
 */
async function readTimeline(prisma: PrismaClient, query: TimelineQuery): Promise<Page<TimelineEntry>> {
  const until = query.before === undefined && query.after === undefined ? query.until : undefined;
  const backwards = query.before !== undefined || until !== undefined;
  const cursor = backwards ? query.before : query.after;
  const from: Position =
    until !== undefined
      ? // Just past the last output at that instant: (occurred_at, seq) < (until, MAX_SEQ) keeps the instant itself.
        { at: toInstant(until), kind: OUTPUT, seq: MAX_SEQ }
      : cursor === undefined || (backwards && cursor === 'end')
        ? { at: backwards ? 'infinity' : '-infinity', kind: backwards ? OUTPUT : INPUT, seq: backwards ? MAX_SEQ : '0' }
        : toPosition(cursor);
  // Per log, the cursor as an (occurred_at, seq) bound, the same both ways: an input cursor sits before every
  // output of its instant, an output cursor after every input of it.
  const inputSeq = from.kind === INPUT ? from.seq : MAX_SEQ;
  const outputSeq = from.kind === OUTPUT ? from.seq : '0';
  const compare = backwards ? '<' : '>';
  const direction = backwards ? 'DESC' : 'ASC';
  const rows = await prisma.$queryRawUnsafe<TimelineRow[]>(
    `SELECT kind, seq, occurred_at, topic, text FROM (
       (SELECT ${INPUT} AS kind, seq, occurred_at, topic, body AS text FROM input_log
         WHERE dealer_id = $1 AND (occurred_at, seq) ${compare} ($2::timestamptz, $3::bigint)
         ORDER BY occurred_at ${direction}, seq ${direction} LIMIT $5::int)
       UNION ALL
       (SELECT ${OUTPUT} AS kind, seq, occurred_at, topic, line AS text FROM output_log
         WHERE dealer_id = $1 AND (occurred_at, seq) ${compare} ($2::timestamptz, $4::bigint)
         ORDER BY occurred_at ${direction}, seq ${direction} LIMIT $5::int)
     ) AS merged
     ORDER BY occurred_at ${direction}, kind ${direction}, seq ${direction}
     LIMIT $5::int`,
    query.dealerId,
    from.at,
    inputSeq,
    outputSeq,
    query.limit + 1,
  );
  const more = rows.length > query.limit;
  const page = rows.slice(0, query.limit);
  if (backwards) page.reverse();
  const items = page.map(toEntry);
  const edge = backwards ? page[0] : page[page.length - 1];
  return { items, nextCursor: more && edge ? encodeCursor([edge.occurred_at.toISOString(), Number(edge.kind), String(edge.seq)]) : null };
}

function toInstant(until: string): string {
  const at = new Date(until);
  if (Number.isNaN(at.getTime())) throw new RangeError(`until "${until}" is not an instant`);
  return at.toISOString();
}

function toPosition(cursor: string): Position {
  const [at, kind, seq] = decodeCursor(cursor, 'tnq') as [string, number, string];
  if (kind !== INPUT && kind !== OUTPUT) throw new InvalidCursorError(`"${cursor}" is not a cursor this server gave out`);
  return { at: new Date(at).toISOString(), kind, seq };
}

function toEntry(row: TimelineRow): TimelineEntry {
  const event = JSON.parse(row.text) as { eventId: string; type: string; occurredAt: string; data: unknown };
  return {
    kind: Number(row.kind) === INPUT ? 'input' : 'output',
    eventId: event.eventId,
    type: event.type,
    occurredAt: event.occurredAt,
    topic: row.topic,
    data: event.data,
  };
}
