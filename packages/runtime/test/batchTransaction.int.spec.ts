import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '@dealerflow/db';
import { createBatchTransaction } from '../src/embedded/batchTransaction';

// The runner's batch transaction on the embedded database (in memory).
let database: Database;
beforeAll(async () => {
  database = await openDatabase();
});
afterAll(async () => {
  await database.close();
});

async function globalValue(key: string): Promise<string | undefined> {
  const rows = await database.sql.query<{ value: string }>(`SELECT value FROM global_state WHERE key = $1`, [key]);
  return rows[0]?.value;
}

const put = (key: string, value: string) =>
  `INSERT INTO global_state (key, value) VALUES ('${key}', '${value}') ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value`;

describe('a batch transaction', () => {
  it('reads committed rows before it opens, its own writes after, and commits them', async () => {
    await database.sql.exec(put('bt.a', 'committed'));
    let opened = 0;
    const tx = createBatchTransaction(database.sql, async () => {
      opened += 1;
    });
    expect(await tx.reader().query(`SELECT value FROM global_state WHERE key = 'bt.a'`)).toEqual([{ value: 'committed' }]);
    const writer = await tx.writer();
    expect(await tx.writer()).toBe(writer);
    await writer.exec(put('bt.a', 'written'));
    expect(await tx.reader().query(`SELECT value FROM global_state WHERE key = 'bt.a'`)).toEqual([{ value: 'written' }]);
    await tx.commit();
    expect(opened).toBe(1);
    expect(await globalValue('bt.a')).toBe('written');
  });

  it('leaves nothing behind when rolled back', async () => {
    const tx = createBatchTransaction(database.sql, async () => {});
    await (await tx.writer()).exec(put('bt.b', 'written'));
    await tx.rollback();
    expect(await globalValue('bt.b')).toBeUndefined();
  });

  it('never opens when nothing is written', async () => {
    let opened = 0;
    const tx = createBatchTransaction(database.sql, async () => {
      opened += 1;
    });
    await tx.commit();
    await tx.rollback();
    expect(opened).toBe(0);
  });
});
