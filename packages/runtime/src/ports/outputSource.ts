import type { OutputEvent, OutputType } from '@dealerflow/contracts';
import type { SourceConsumer, SourceConsumerOptions } from './sourceConsumer';

/**
 * The output source port: how the consumers of the workers' outputs (the notifier, the read models)
 * read them.
 *
 * Why it exists: the outputs live in `output_log` in the embedded runtime and on Kafka topics in the
 * distributed one, and a consumer must not care which, nor read another component's rows. Every
 * adapter passes one conformance suite (`outputSourceSuite` in `@dealerflow/runtime/testing`): the
 * in-memory one (tests), PostgreSQL/PGlite over `output_log`, and Kafka (a kafkajs consumer group on
 * the output topics: a consumer's name is its group, its positions are the group's offsets per
 * topic-partition, `read` hands out what a fetch returned until it is committed).
 *
 * What it promises:
 * - Order per partition, not across them. Every output of one dealer on one topic is in one
 *   partition (the key is `dealerId`), so a consumer sees each dealer's outputs of a topic in publish
 *   order; two dealers', or two topics', come in no promised order. The notifier and the board need
 *   no more: a digest groups stock alerts of one input event (one dealer, one topic), a near-tier
 *   notice follows one dealer's accruals, the board's "latest" rows are per dealer and topic
 *   (alert, order, accrual, credit status) and its lists are sorted by event time, not by position.
 * - At least once. A consumer commits after handling a batch; what it read after its last commit is
 *   read again after a crash, a restart or (Kafka) a rebalance. De-duplication is the consumer's:
 *   its writes are idempotent by the output's `eventId` (a notification is unique per output,
 *   audience and channel; a board row is keyed by what it describes and takes a position only
 *   forward). The PostgreSQL adapter keeps positions in the same database, but in a statement of
 *   its own: exactly once is not promised, because no broker adapter could keep that promise.
 * - A batch of PostgreSQL's log is never cut inside one input event's outputs (they commit
 *   together) unless it is `truncated` by its size.
 *
 * What it leaves out, on purpose: connections, transactions and locks (they stay in the adapter);
 * writing outputs (the output sink's business); seeking to arbitrary positions or by time; several
 * live members of one consumer on the PostgreSQL log (it is one partition: one reader at a time).
 */
export interface OutputSource {
  consumer(options: SourceConsumerOptions<OutputType>): SourceConsumer<OutputEvent>;
}
