import type { Mutex } from 'async-mutex';
import type { PrismaClient } from '@dealerflow/db';
import type { LogLockScope } from '@dealerflow/runtime';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/**
 * The notifier's transactions that append to `output_log` hold the log's write lock as the runner's do
 * (`LogLockScope`, from the runtime): `commit` on PostgreSQL, from the first output to the commit, so the
 * rest of the work (recording notifications, outcomes) does not hold up the runner and ingest; `batch` on
 * PGlite, the whole transaction, because a transaction there holds the only connection and one that
 * waited for the lock inside it would block the lock's holder. On PostgreSQL a transaction waiting for
 * the lock holds a pooled connection meanwhile; at most three do (the runner, this consumer, its outcome
 * writer: each runs one at a time), against a pool of ten, so the lock's holder always finds one.
 *
 * Runs `work` in one transaction; `work` calls `beforeOutputs()` right before it appends outputs, and
 * from then on (or, in `batch` scope, from the start) the write lock is held until the commit.
 */
export async function runLogTransaction<T>(
  prisma: PrismaClient,
  writeLock: Mutex,
  scope: LogLockScope,
  work: (tx: Tx, beforeOutputs: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const options = { timeout: 5 * 60_000, maxWait: 60_000 };
  if (scope === 'batch') return writeLock.runExclusive(() => prisma.$transaction((tx) => work(tx, async () => undefined), options));
  let release: (() => void) | undefined;
  try {
    return await prisma.$transaction(
      (tx) =>
        work(tx, async () => {
          release ??= await writeLock.acquire();
        }),
      options,
    );
  } finally {
    release?.();
  }
}
