import { afterAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrate, openDatabase, type Database } from '@dealerflow/db';
import { createLogOutputSource } from '../src';

// An existing database (PGlite in memory) upgraded to the output source's positions: the notifier's and the board's
// checkpoints become positions, and the notifier's state moves to its own table, so nothing is read again.
const MIGRATION = '20260421000000_output_consumers';
const shipped = await loadMigrations();
const opened: Database[] = [];
afterAll(() => Promise.all(opened.map((database) => database.close())));

describe(`migration ${MIGRATION}`, () => {
  it('carries the notifier’s and the board’s checkpoints over as positions, and the notifier’s states to its table', async () => {
    const database = await openDatabase({ migrations: shipped.filter((migration) => migration.name < MIGRATION) });
    opened.push(database);
    await database.sql.query(`INSERT INTO worker_checkpoint (worker, input_seq) VALUES ('notifier', 41), ('credit', 99)`);
    await database.sql.query(`INSERT INTO board_checkpoint (log, seq) VALUES ('output_log', 40), ('input_log', 7)`);
    await database.sql.query(
      `INSERT INTO worker_state (worker, dealer_id, state) VALUES ('notifier', 'D-1', '{"nearTiersTold":{"P|2026-01-01|":[200]}}'), ('credit', 'D-1', 'z:x')`,
    );

    // Up to this migration only: a later one (20260427000000_board_reprojected) forgets the board's positions on purpose.
    await migrate(database.sql, { migrations: shipped.filter((migration) => migration.name <= MIGRATION) });

    expect(await database.sql.query(`SELECT consumer, partition_key, next_offset FROM consumer_position ORDER BY consumer, partition_key`)).toEqual([
      { consumer: 'board', partition_key: 'input_log', next_offset: 8n },
      { consumer: 'board', partition_key: 'output_log', next_offset: 41n },
      { consumer: 'notifier', partition_key: 'output_log', next_offset: 42n },
    ]);
    expect(await database.sql.query(`SELECT worker FROM worker_checkpoint ORDER BY worker`)).toEqual([{ worker: 'credit' }]);
    expect(await database.sql.query(`SELECT dealer_id, state FROM notifier_dealer_state`)).toEqual([
      { dealer_id: 'D-1', state: '{"nearTiersTold":{"P|2026-01-01|":[200]}}' },
    ]);
    expect(await database.sql.query(`SELECT worker FROM worker_state ORDER BY worker`)).toEqual([{ worker: 'credit' }]);

    // The notifier's consumer resumes after the last output it had read.
    await database.sql.query(
      `INSERT INTO output_log (seq, event_id, topic, type, dealer_id, occurred_at, line)
         SELECT s, 'out-' || s, 'dealer.credit.v1', 'credit.limit.warning', 'D-1', now(), '{"eventId":"out-' || s || '"}' FROM generate_series(40, 43) AS s`,
    );
    const batch = await createLogOutputSource(database.prisma).consumer({ name: 'notifier' }).read();
    expect(batch.records.map((record) => record.offset)).toEqual([42n, 43n]);
  });
});
