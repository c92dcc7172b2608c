import type { DealerProfile, InputEvent, InputEventOf, Product } from '@dealerflow/contracts';
import type { PrismaClient } from '@dealerflow/db';
import { catchUpConsumer } from '../ports/catchUpConsumer';
import type { Directory, DirectoryProgram } from '../ports/directory';
import type { InputFeed } from '../ports/inputFeed';
import type { SourceBatch } from '../ports/sourceConsumer';
import { createLogInputFeed } from './logSources';
import type { Executor } from './sqlExecutor';

/** The consumer name of the directory on the input feed. */
export const DIRECTORY_CONSUMER = 'directory';

const DIRECTORY_TYPES = ['dealer.upserted', 'rebate.program.upserted', 'product.upserted'] as const;

type DirectoryEvent = InputEventOf<(typeof DIRECTORY_TYPES)[number]>;

/** A row to upsert: its key, its JSON, and the record's offset (the last one by offset wins). */
interface KeyedRow {
  key: string;
  json: string;
  offset: bigint;
  dealerId: string;
}

/**
 * The directory over PostgreSQL/PGlite (`directory_*` tables), kept from the input feed by its own
 * consumer and caught up at every read (see the Directory port). An upsert takes a row only from a
 * record later in the log than the one it holds, so a batch applied twice changes nothing.
 */
export function createDealerDirectory(prisma: PrismaClient, feed: InputFeed = createLogInputFeed(prisma)): Directory {
  const consumer = feed.consumer({ name: DIRECTORY_CONSUMER, types: DIRECTORY_TYPES });
  const catchUp = catchUpConsumer(consumer, (batch) => prisma.$transaction((tx) => applyDirectoryBatch(tx, batch)));

  async function profiles(dealerIds: readonly string[]): Promise<Map<string, DealerProfile>> {
    await catchUp();
    if (dealerIds.length === 0) return new Map();
    const rows = await prisma.$queryRawUnsafe<{ dealer_id: string; profile: string }[]>(
      `SELECT dealer_id, profile FROM directory_dealer WHERE dealer_id = ANY($1::text[])`,
      [...dealerIds],
    );
    return new Map(rows.map((row) => [row.dealer_id, JSON.parse(row.profile) as DealerProfile]));
  }

  return {
    profiles,
    profile: async (dealerId) => (await profiles([dealerId])).get(dealerId),
    async programs() {
      await catchUp();
      const rows = await prisma.$queryRawUnsafe<{ program_id: string; dealer_id: string; program: string }[]>(
        `SELECT program_id, dealer_id, program FROM directory_program ORDER BY program_id`,
      );
      return new Map<string, DirectoryProgram>(rows.map((row) => [row.program_id, { dealerId: row.dealer_id, program: JSON.parse(row.program) }]));
    },
    async packSizes(skus) {
      await catchUp();
      if (skus.length === 0) return new Map();
      const rows = await prisma.$queryRawUnsafe<{ sku: string; pack_size: number | null }[]>(
        `SELECT sku, (product::json ->> 'packSize')::int AS pack_size FROM directory_product WHERE sku = ANY($1::text[])`,
        [...skus],
      );
      return new Map(rows.filter((row) => row.pack_size !== null).map((row) => [row.sku, row.pack_size!]));
    },
  };
}

async function applyDirectoryBatch(tx: Executor, batch: SourceBatch<InputEvent>): Promise<void> {
  const dealers = new Map<string, KeyedRow>();
  const programs = new Map<string, KeyedRow>();
  const products = new Map<string, KeyedRow>();
  for (const { event, offset } of batch.records as { event: DirectoryEvent; offset: bigint }[]) {
    if (event.type === 'dealer.upserted') keepLast(dealers, { key: event.dealerId, json: JSON.stringify(event.data), offset, dealerId: event.dealerId });
    else if (event.type === 'rebate.program.upserted') keepLast(programs, { key: event.data.programId, json: JSON.stringify(event.data), offset, dealerId: event.dealerId });
    else keepLast(products, { key: (event.data as Product).sku, json: JSON.stringify(event.data), offset, dealerId: '' });
  }
  await upsert(tx, 'directory_dealer', 'dealer_id', 'profile', [...dealers.values()]);
  await upsertPrograms(tx, [...programs.values()]);
  await upsert(tx, 'directory_product', 'sku', 'product', [...products.values()]);
}

/** One row per key and statement (an upsert cannot touch a row twice): the last by offset. */
function keepLast(rows: Map<string, KeyedRow>, row: KeyedRow): void {
  const held = rows.get(row.key);
  if (!held || held.offset < row.offset) rows.set(row.key, row);
}

async function upsert(tx: Executor, table: string, key: string, column: string, rows: KeyedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO ${table} (${key}, ${column}, source_offset, updated_at)
       SELECT k, j, o::bigint, now() FROM unnest($1::text[], $2::text[], $3::text[]) AS x(k, j, o)
     ON CONFLICT (${key}) DO UPDATE SET ${column} = EXCLUDED.${column}, source_offset = EXCLUDED.source_offset, updated_at = EXCLUDED.updated_at
     WHERE ${table}.source_offset < EXCLUDED.source_offset`,
    rows.map((row) => row.key),
    rows.map((row) => row.json),
    rows.map((row) => String(row.offset)),
  );
}

async function upsertPrograms(tx: Executor, rows: KeyedRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.$executeRawUnsafe(
    `INSERT INTO directory_program (program_id, dealer_id, program, source_offset, updated_at)
       SELECT k, d, j, o::bigint, now() FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS x(k, d, j, o)
     ON CONFLICT (program_id) DO UPDATE SET dealer_id = EXCLUDED.dealer_id, program = EXCLUDED.program,
       source_offset = EXCLUDED.source_offset, updated_at = EXCLUDED.updated_at
     WHERE directory_program.source_offset < EXCLUDED.source_offset`,
    rows.map((row) => row.key),
    rows.map((row) => row.dealerId),
    rows.map((row) => row.json),
    rows.map((row) => String(row.offset)),
  );
}
