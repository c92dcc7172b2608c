import type { SqlClient, SqlExecutor } from '@dealerflow/db';

/**
 * A batch's transaction, opened only when the batch first writes and held across its awaits until
 * `commit` or `rollback`. Until it is open, reads go to the client and see committed rows, which
 * are the truth: only the runner writes worker states. So a batch computes without holding a
 * transaction (on PGlite, whose one connection a transaction holds, ingest can append meanwhile),
 * and a batch that must write early (a fan-out over more dealers than the cache holds) still reads
 * its own writes, because from then on every read goes through the open transaction.
 */
export interface BatchTransaction {
  /** The open transaction, or the client while none is open. */
  reader(): SqlExecutor;
  /** The open transaction, opened now when none is (after `beforeOpen`). */
  writer(): Promise<SqlExecutor>;
  /** Commits what was written (nothing to do when the transaction never opened). */
  commit(): Promise<void>;
  /** Rolls back what was written; never throws. */
  rollback(): Promise<void>;
}

class RolledBack extends Error {
  override readonly name = 'RolledBack';
}

/**
 * `beforeOpen` runs before the transaction opens (the runner takes the write lock there on PGlite);
 * `afterOpen` is the open transaction's first statement (the task lease's fence): when it throws, the
 * transaction rolls back and `writer` rejects.
 */
export function createBatchTransaction(
  sql: SqlClient,
  beforeOpen: () => Promise<void>,
  afterOpen: (tx: SqlExecutor) => Promise<void> = async () => {},
): BatchTransaction {
  let tx: SqlExecutor | undefined;
  let opening: Promise<SqlExecutor> | undefined;
  let settle: ((error?: Error) => void) | undefined;
  let finished: Promise<void> | undefined;

  function open(): Promise<SqlExecutor> {
    return new Promise<SqlExecutor>((resolve, reject) => {
      // sql.transaction commits when its callback returns: the callback waits until commit or rollback.
      finished = sql.transaction(async (open) => {
        await afterOpen(open);
        tx = open;
        resolve(open);
        await new Promise<void>((done, fail) => {
          settle = (error) => (error === undefined ? done() : fail(error));
        });
      });
      finished.catch(reject);
    });
  }

  return {
    reader: () => tx ?? sql,
    async writer() {
      if (tx) return tx;
      opening ??= beforeOpen().then(open);
      return opening;
    },
    async commit() {
      if (!opening) return;
      await opening;
      settle?.();
      await finished;
    },
    async rollback() {
      if (!opening) return;
      await opening.catch(() => undefined);
      settle?.(new RolledBack('batch rolled back'));
      await finished?.catch(() => undefined);
    },
  };
}
