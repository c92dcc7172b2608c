import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Migration {
  /** The folder name, `<yyyymmddhhmmss>_<label>`; migrations apply in ascending name order. */
  readonly name: string;
  readonly sql: string;
  /** sha256 of the file's bytes, hex: the same figure `prisma migrate` records. */
  readonly checksum: string;
}

export const defaultMigrationsDir = fileURLToPath(new URL('../prisma/migrations', import.meta.url));

export function migrationChecksum(content: string | Uint8Array): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Reads Prisma's folder layout: one folder per migration holding `migration.sql`; other entries are ignored. */
export async function loadMigrations(dir: string = defaultMigrationsDir): Promise<Migration[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort(compareNames);
  const migrations: Migration[] = [];
  for (const name of names) {
    const bytes = await readFile(join(dir, name, 'migration.sql')).catch(ignoreMissing);
    if (bytes === undefined) continue;
    migrations.push({ name, sql: bytes.toString('utf8'), checksum: migrationChecksum(bytes) });
  }
  return migrations;
}

// Code-unit order, not locale order: every machine must agree on which migration comes first.
export function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function ignoreMissing(error: unknown): undefined {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
  throw error;
}
