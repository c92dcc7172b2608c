import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMigrationsDir, loadMigrations, migrationChecksum } from './loadMigrations';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'dealerflow-migrations-'));
  dirs.push(dir);
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), content);
  }
  return dir;
}

describe('loadMigrations', () => {
  it('reads one migration per folder in name order, skipping folders without migration.sql and loose files', async () => {
    const dir = await migrationsDir({
      '20260501000000_second/migration.sql': 'SELECT 2;',
      '20260401000000_first/migration.sql': 'SELECT 1;',
      '20260601000000_draft/notes.md': 'not a migration',
      'migration_lock.toml': 'provider = "postgresql"\n',
    });
    const migrations = await loadMigrations(dir);
    expect(migrations.map((m) => [m.name, m.sql])).toEqual([
      ['20260401000000_first', 'SELECT 1;'],
      ['20260501000000_second', 'SELECT 2;'],
    ]);
  });

  it('orders by code unit, not locale: an upper-case label sorts before a lower-case one of the same timestamp', async () => {
    const dir = await migrationsDir({
      '20260401000000_b/migration.sql': 'SELECT 1;',
      '20260401000000_B/migration.sql': 'SELECT 2;',
      '20260401000000_a/migration.sql': 'SELECT 3;',
    });
    expect((await loadMigrations(dir)).map((m) => m.name)).toEqual([
      '20260401000000_B',
      '20260401000000_a',
      '20260401000000_b',
    ]);
  });

  it('checksums the file bytes with sha256, so a changed line ending is a changed migration', async () => {
    const dir = await migrationsDir({
      '1_lf/migration.sql': 'SELECT 1;\n',
      '2_crlf/migration.sql': 'SELECT 1;\r\n',
    });
    const [lf, crlf] = await loadMigrations(dir);
    expect(lf?.checksum).toBe('b4e0497804e46e0a0b0b8c31975b062152d551bac49c3c2e80932567b4085dcd');
    expect(migrationChecksum('SELECT 1;\n')).toBe(lf?.checksum);
    expect(crlf?.checksum).not.toBe(lf?.checksum);
  });

  it('ships the init migration and a Prisma lock file for postgresql', async () => {
    const migrations = await loadMigrations(defaultMigrationsDir);
    expect(migrations[0]?.name).toBe('20260402000000_init');
    const lock = await readFile(join(defaultMigrationsDir, 'migration_lock.toml'), 'utf8');
    expect(lock).toContain('provider = "postgresql"');
  });
});
