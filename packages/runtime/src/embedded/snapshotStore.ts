import type { DealerProfile } from '@dealerflow/contracts';
import { createReferenceTables, type PipelineSnapshot, type ReferenceTables } from '@dealerflow/domain';
import type { SqlExecutor } from '@dealerflow/db';

/** The parts of the pipeline's snapshot kept in `global_state`, each its own row so a batch rewrites only what changed. */
export type SnapshotPart = 'dealers' | 'products' | 'programs' | 'availability' | 'clocks';

const PART_OF_TYPE: Record<string, SnapshotPart> = {
  'dealer.upserted': 'dealers',
  'product.upserted': 'products',
  'rebate.program.upserted': 'programs',
  'warehouse.stock.reported': 'availability',
};

/** The snapshot part an input type changes besides the clocks, if any. */
export function snapshotPartChangedBy(type: string): SnapshotPart | undefined {
  return PART_OF_TYPE[type];
}

/** Every dealer event and every tick moves a dealer's clock; reference data moves none. */
export function movesClocks(type: string): boolean {
  return type !== 'product.upserted' && type !== 'rebate.program.upserted' && type !== 'warehouse.stock.reported';
}

function encodePart(snapshot: PipelineSnapshot, part: SnapshotPart): string {
  switch (part) {
    case 'dealers':
      return JSON.stringify([...snapshot.dealers]);
    case 'products':
      return JSON.stringify([...snapshot.reference.products]);
    case 'programs':
      return JSON.stringify([...snapshot.reference.programs]);
    case 'availability':
      return JSON.stringify([...snapshot.reference.availability].map(([warehouseId, bySku]) => [warehouseId, [...bySku]]));
    case 'clocks':
      return JSON.stringify({ tick: snapshot.clocks.tick ?? null, dealers: [...snapshot.clocks.dealers] });
  }
}

/** Writes the changed parts of the snapshot. */
export async function saveSnapshotParts(executor: SqlExecutor, snapshot: PipelineSnapshot, parts: ReadonlySet<SnapshotPart>): Promise<void> {
  if (parts.size === 0) return;
  const keys = [...parts];
  await executor.query(
    `INSERT INTO global_state (key, value, updated_at)
       SELECT k, v, now() FROM unnest($1::text[], $2::text[]) AS t(k, v)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at`,
    [keys.map((part) => `pipeline.${part}`), keys.map((part) => encodePart(snapshot, part))],
  );
}

/** Reads the snapshot back (empty tables when nothing was saved yet). */
export async function loadSnapshot(executor: SqlExecutor, watermark: number | undefined): Promise<PipelineSnapshot> {
  // A database written before dealer clocks has no `pipeline.clocks`: each dealer's clock starts again at its next event.
  const rows = await executor.query<{ key: string; value: string }>(
    `SELECT key, value FROM global_state WHERE key LIKE 'pipeline.%'`,
  );
  const part = (name: SnapshotPart) => rows.find((row) => row.key === `pipeline.${name}`)?.value;
  const reference: ReferenceTables = createReferenceTables();
  const dealers = new Map<string, DealerProfile>(JSON.parse(part('dealers') ?? '[]'));
  for (const [sku, product] of JSON.parse(part('products') ?? '[]')) reference.products.set(sku, product);
  for (const [programId, entry] of JSON.parse(part('programs') ?? '[]')) reference.programs.set(programId, entry);
  for (const [warehouseId, bySku] of JSON.parse(part('availability') ?? '[]')) reference.availability.set(warehouseId, new Map(bySku));
  const clocks = JSON.parse(part('clocks') ?? '{"tick":null,"dealers":[]}') as { tick: number | null; dealers: [string, number][] };
  return { watermark, dealers, reference, clocks: { tick: clocks.tick ?? undefined, dealers: new Map(clocks.dealers) } };
}
