import { Mutex } from 'async-mutex';
import type { SourceBatch, SourceConsumer } from './sourceConsumer';

/**
 * A read model that is brought up to date when it is read, rather than by a loop of its own: small
 * topics (master data, credit holds) whose readers want everything appended before they asked.
 * The returned function reads, applies and commits batches until the consumer is caught up; calls
 * take turns, so two never apply the same batch at once. `apply` must be idempotent (at least once).
 */
export function catchUpConsumer<E>(consumer: SourceConsumer<E>, apply: (batch: SourceBatch<E>) => Promise<void>): () => Promise<void> {
  const turn = new Mutex();
  return () =>
    turn.runExclusive(async () => {
      for (;;) {
        const batch = await consumer.read();
        if (batch.read === 0) return;
        if (batch.records.length > 0) await apply(batch);
        await consumer.commit(batch.end);
      }
    });
}
