import type { OutputSource, SourceConsumer } from '@dealerflow/runtime';

/**
 * An output source that remembers the consumers it gave out, so that a stop can close them all.
 * On Kafka a consumer is a member of a consumer group: closed, it leaves the group and the next
 * `dealerflow start` is given its partitions at once; left open, the group waits for its session to
 * time out (30 s) before the new member reads. The components that own the consumers (notifier,
 * board, credit-hold list) stop their loops first: the batch in hand is finished and committed.
 */
export function closingOutputSource(source: OutputSource): { source: OutputSource; closeAll(): Promise<void> } {
  const open: SourceConsumer<unknown>[] = [];
  return {
    source: {
      consumer(options) {
        const consumer = source.consumer(options);
        open.push(consumer);
        return consumer;
      },
    },
    async closeAll() {
      await Promise.all(open.splice(0).map((consumer) => consumer.close()));
    },
  };
}
